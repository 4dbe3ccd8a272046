import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRouteDef } from '#infra/routes/index';
import { CLIENT_TIMEOUTS, clientWentAway, onClientError, requestUrl } from './client-errors';
import { lambdaContext, loadHandler } from './load-handler';

/** API Gateway's own cap on a request payload; our handlers enforce the contract's 64 KiB themselves. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

interface Matched {
  route: HttpRouteDef;
  pathParameters: Record<string, string>;
}

const compile = (route: HttpRouteDef) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, regex: new RegExp(`^${pattern}$`), names };
};

/**
 * The HTTP API, locally: matches the route list like API Gateway does and invokes the very same handlers with
 * payload-format-2.0 events. `extra` answers paths that are not API routes (e.g. /health). A malformed, stalled
 * or cut-off request costs its client the request, never the process (see client-errors.ts).
 */
export const startHttpGateway = async (
  routes: HttpRouteDef[],
  port: number,
  extra: (req: IncomingMessage, res: ServerResponse) => boolean = () => false,
): Promise<{ server: Server; url: string; stop: () => Promise<void> }> => {
  const compiled = routes.map(compile);
  const match = (method: string, path: string): Matched | undefined => {
    for (const { route, regex, names } of compiled) {
      if (route.method !== method) continue;
      const found = regex.exec(path);
      if (!found) continue;
      try {
        return {
          route,
          pathParameters: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1]!)])),
        };
      } catch {
        return undefined;
      }
    }
    return undefined;
  };

  const server = createServer(CLIENT_TIMEOUTS, (req, res) => {
    // Everything a request does, the handler included, runs in this promise: a throw or a rejection ends here.
    void handle(req, res).catch((error) => {
      // A body cut off or reset mid-way is the client's doing (nothing to log); anything else is a bug worth a stack.
      if (!(req.destroyed && clientWentAway(error))) console.error('local gateway error', error);
      if (!res.headersSent) send(res, { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) });
    });
  });
  server.on('clientError', onClientError('http gateway'));
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (extra(req, res)) return;
    const url = requestUrl(req);
    if (!url) return send(res, problem(400, 'Bad Request'));
    const matched = match(req.method ?? 'GET', url.pathname);
    const body = await readBody(req);
    if (body === undefined) return send(res, problem(413, 'Payload Too Large'));
    if (!matched) return send(res, problem(404, 'Not Found'));
    const event = toEvent(req, url, matched, body);
    const handler = await loadHandler(matched.route.entry);
    const result = (await handler(event, lambdaContext(matched.route.name))) as APIGatewayProxyStructuredResultV2;
    send(res, result);
  };

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return {
    server,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const readBody = async (req: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const TEXT_TYPES = /^(application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml)|text\/)/i;

const toEvent = (
  req: IncomingMessage,
  url: URL,
  { route, pathParameters }: Matched,
  body: Buffer,
): APIGatewayProxyEventV2 => {
  // API Gateway adds x-forwarded-proto; locally the scheme is plain HTTP.
  const headers: Record<string, string> = { 'x-forwarded-proto': 'http' };
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(Object.keys(pathParameters).length > 0 && { pathParameters }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: isText ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: !isText,
  };
};

const problem = (status: number, title: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({ type: 'about:blank', title, status, detail: title }),
});

const send = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2) => {
  const body =
    result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string>) });
  res.end(body);
};
