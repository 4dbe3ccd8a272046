import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { WebSocketAuthorizerDef, WebSocketRouteDef } from '#infra/routes/index';
import type { AuthorizerContextIn, WebSocketEvent, WebSocketResult } from '#shared/ws/ws-event';
import { CLIENT_TIMEOUTS, clientWentAway, logClientError, onClientError, requestUrl } from './client-errors';
import { lambdaContext, loadHandler } from './load-handler';
import { admit } from './ws-authorizer';
import { type WebSocketEventType, webSocketEvent } from './ws-event';

/**
 * API Gateway's limit on one WebSocket message (frames are reassembled up to this size); over it the connection is
 * closed with 1009, as API Gateway does. API Gateway also caps each frame at 32 KB (1009 too); locally only the
 * message is capped (`ws` has no per-frame limit), so a single frame of 32 to 128 KiB gets through here only.
 */
const MAX_MESSAGE_BYTES = 128 * 1024;
const STAGE = 'local';
const CONNECTIONS_PATH = /^(?:\/[^/]+)?\/@connections\/([^/]+)$/;

interface Client {
  socket: WebSocket;
  connectedAt: Date;
  lastActiveAt: Date;
  sourceIp: string;
  userAgent: string;
}

export interface WebSocketGateway {
  url: string;
  managementEndpoint: string;
  stop: () => Promise<void>;
}

/**
 * The WebSocket API, locally, behaving like API Gateway: the upgrade runs the authorizer, when one is given (its
 * refusal is the upgrade's: 401, 403 or 500; ws-authorizer.ts), whose context every event of the connection then
 * carries as `requestContext.authorizer`; then $connect (a non-2xx answer refuses it with that status), each text frame is routed on its JSON `action` to that route or else $default, a closed socket
 * runs $disconnect; and the same port serves the @connections management API (POST/GET/DELETE
 * /@connections/{id}, 410 GoneException for unknown ids), so handlers use the real ApiGatewayManagementApiClient.
 * Like API Gateway it closes a connection on a message over 128 KiB (1009) or a binary frame (1003), and as RFC 6455
 * requires on invalid UTF-8 (1007, checked by `ws`). A client can end its own connection, never the process.
 */
export const startWebSocketGateway = async (
  routes: WebSocketRouteDef[],
  port: number,
  options: { authorizer?: WebSocketAuthorizerDef } = {},
): Promise<WebSocketGateway> => {
  const byKey = new Map(routes.map((r) => [r.routeKey, r]));
  const clients = new Map<string, Client>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const server = createServer(CLIENT_TIMEOUTS, (req, res) => {
    void manage(req, res).catch((error) => {
      if (!(req.destroyed && clientWentAway(error))) console.error('local @connections error', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('clientError', onClientError('ws gateway'));
  let domainName = `127.0.0.1:${port}`;
  let stopping = false;

  const invoke = async (routeKey: string, event: WebSocketEvent): Promise<WebSocketResult> => {
    const route = byKey.get(routeKey);
    if (!route) return { statusCode: 200 };
    const handler = await loadHandler(route.entry);
    return ((await handler(event, lambdaContext(route.name))) as WebSocketResult | undefined) ?? { statusCode: 200 };
  };

  const event = (
    routeKey: string,
    eventType: WebSocketEventType,
    connectionId: string,
    connectedAt: Date,
    authorizer: AuthorizerContextIn | undefined,
    extra: Partial<WebSocketEvent> = {},
  ): WebSocketEvent =>
    webSocketEvent(
      { routeKey, eventType, connectionId, connectedAt: connectedAt.getTime() },
      { domainName, stage: STAGE },
      authorizer,
      extra,
    );

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without an 'error' listener, and $connect takes a while: a client resetting in
    // the meantime would otherwise raise an unhandled 'error' and end the process. `ws` adds its own listener
    // once the handshake completes; this one stays for the socket's life and only logs.
    socket.on('error', (error) => logClientError('ws gateway', 'connection failed', error));
    void upgrade(req, socket, head).catch((error) => {
      console.error('local $connect error', error);
      if (!socket.destroyed) refuse(socket, 500, JSON.stringify({ message: 'Internal server error' }));
    });
  });

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // API Gateway connection ids look like "L0SM9cOFvHcCIhw=": base64, so they need URL-encoding in paths.
    const connectionId = randomBytes(10).toString('base64');
    const connectedAt = new Date();
    const url = requestUrl(req);
    if (!url) return refuse(socket, 400, JSON.stringify({ message: 'Bad Request' }));
    const query = Object.fromEntries(url.searchParams);
    const headers = flatHeaders(req);
    let authorizer: AuthorizerContextIn | undefined;
    if (options.authorizer) {
      const { requestContext } = event('$connect', 'CONNECT', connectionId, connectedAt, undefined);
      const admission = await admit(options.authorizer, { query, headers, requestContext });
      if (!admission.admitted) return refuse(socket, admission.status, admission.body);
      authorizer = admission.context;
    }
    const result = await invoke(
      '$connect',
      event('$connect', 'CONNECT', connectionId, connectedAt, authorizer, { queryStringParameters: query, headers }),
    );
    const status = result.statusCode ?? 200;
    if (status < 200 || status > 299) return refuse(socket, status, result.body);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = {
        socket: ws,
        connectedAt,
        lastActiveAt: connectedAt,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      };
      clients.set(connectionId, client);
      // A protocol error (message over the limit, invalid UTF-8, bad framing): `ws` has already closed the
      // connection with the matching code (1009, 1007, 1002) and then emits 'error', which must have a listener.
      ws.on('error', (error) => logClientError('ws gateway', `closed ${connectionId}`, error));
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        // `ws` still emits what arrived behind a frame that closed the connection: a closed connection runs nothing.
        if (ws.readyState !== WebSocket.OPEN) return;
        client.lastActiveAt = new Date();
        // API Gateway does not take binary frames: it disconnects the client with 1003 ("unsupported data").
        if (isBinary) return ws.close(1003, 'Binary frames are not supported');
        const body = data.toString('utf8');
        const routeKey = selectRoute(body, byKey);
        void invoke(routeKey, event(routeKey, 'MESSAGE', connectionId, connectedAt, authorizer, { body })).catch(
          (error) => {
            console.error(`local ${routeKey} error`, error);
            if (ws.readyState === WebSocket.OPEN) {
              ws.send(JSON.stringify({ message: 'Internal server error', connectionId, requestId: randomUUID() }));
            }
          },
        );
      });
      ws.on('close', () => {
        clients.delete(connectionId);
        if (stopping) return;
        void invoke('$disconnect', event('$disconnect', 'DISCONNECT', connectionId, connectedAt, authorizer)).catch(
          (error) => console.error('local $disconnect error', error),
        );
      });
    });
  };

  const manage = async (req: IncomingMessage, res: ServerResponse) => {
    const match = CONNECTIONS_PATH.exec(requestUrl(req)?.pathname ?? '');
    if (!match) {
      res
        .writeHead(426, { 'content-type': 'text/plain' })
        .end('This is the WebSocket API: connect with ws://…/?token=<JWT>.\n');
      return;
    }
    const connectionId = decodeId(match[1]!);
    if (connectionId === undefined) return badRequest(res, 'Invalid connection id');
    const body = await readBody(req);
    const client = clients.get(connectionId);
    if (!client || client.socket.readyState !== WebSocket.OPEN) return gone(res, connectionId);
    if (req.method === 'POST') {
      client.socket.send(body.toString('utf8'));
      res.writeHead(200).end();
    } else if (req.method === 'DELETE') {
      client.socket.close(1000);
      res.writeHead(204).end();
    } else if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ConnectedAt: client.connectedAt.toISOString(),
          LastActiveAt: client.lastActiveAt.toISOString(),
          Identity: { SourceIp: client.sourceIp, UserAgent: client.userAgent },
        }),
      );
    } else {
      res.writeHead(405).end();
    }
  };

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  domainName = `127.0.0.1:${actualPort}`;
  return {
    url: `ws://127.0.0.1:${actualPort}`,
    managementEndpoint: `http://127.0.0.1:${actualPort}`,
    stop: async () => {
      stopping = true;
      for (const { socket } of clients.values()) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
};

/** Like API Gateway's `$request.body.action` selection: a JSON object whose `action` names a route, else $default. */
const selectRoute = (body: string, routes: Map<string, WebSocketRouteDef>): string => {
  try {
    const action = (JSON.parse(body) as { action?: unknown } | null)?.action;
    if (typeof action === 'string' && !action.startsWith('$') && routes.has(action)) return action;
  } catch {
    // not JSON: $default
  }
  return '$default';
};

const refuse = (socket: Duplex, status: number, body = '') => {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};

const decodeId = (encoded: string) => {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined; // a malformed percent-encoding: URIError
  }
};

const badRequest = (res: ServerResponse, message: string) => {
  res
    .writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'BadRequestException' })
    .end(JSON.stringify({ message }));
};

/** What API Gateway answers for a connection that no longer exists; the SDK maps it to GoneException. */
const gone = (res: ServerResponse, connectionId: string) => {
  res
    .writeHead(410, { 'content-type': 'application/json', 'x-amzn-errortype': 'GoneException' })
    .end(JSON.stringify({ message: `Connection ${connectionId} is gone` }));
};

const flatHeaders = (req: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
