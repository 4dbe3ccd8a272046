import { type IncomingMessage, type ServerOptions, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/*
 * How the local gateways treat a client that misbehaves (resets, stalls, sends garbage or hostile frames): it may
 * cost that client its own connection and nothing more. One unhandled 'error' event or rejected promise would end
 * the whole `npm start` process: every port would stop answering and DynamoDB Local's in-memory data would be gone.
 */

/**
 * Node's server timeouts, set explicitly so a stalled client (slowloris) is cut off with 408 instead of holding a
 * connection for Node's defaults (60 s for headers, 5 min for the request, checked only every 30 s). They bound
 * receiving the request only: neither a handler's run time nor an upgraded WebSocket's life counts.
 */
export const CLIENT_TIMEOUTS = {
  /** The whole header block must arrive within this. */
  headersTimeout: 10_000,
  /** The whole request, body included, must arrive within this. */
  requestTimeout: 30_000,
  /** How often Node looks for connections past those limits. */
  connectionsCheckingInterval: 1_000,
} satisfies ServerOptions;

const WENT_AWAY = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The client closed or reset its connection (e.g. a closed browser tab): normal life for a server, not worth a log line. */
export const clientWentAway = (error: unknown) => WENT_AWAY.has((error as { code?: string } | undefined)?.code ?? '');

const QUIET = new Set(['ERROR', 'CRITICAL', 'SILENT']);

/** A warning of the local stack: printed unless LOG_LEVEL asks for errors only (as the test run does). */
export const localWarning = (line: string) => {
  if (!QUIET.has(process.env.LOG_LEVEL?.toUpperCase() ?? '')) console.warn(line);
};

/** One short line for a client's fault (never a stack trace: the fault is the client's, not the code's). */
export const logClientError = (gateway: string, what: string, error: unknown) => {
  if (clientWentAway(error)) return;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  localWarning(`local ${gateway}: ${what}: ${message ?? String(error)}${code ? ` (${code})` : ''}`);
};

const answered = new WeakSet<Duplex>();

/**
 * The server's 'clientError' listener (a request Node cannot parse, headers too large, a timeout, a reset): what
 * Node does by default, 400/408/431 and close, plus the log line.
 */
export const onClientError = (gateway: string) => (error: NodeJS.ErrnoException, socket: Duplex) => {
  // Node can report one connection twice (a timeout, then the EOF after our 408): one line and one answer.
  if (answered.has(socket)) return socket.destroy();
  answered.add(socket);
  logClientError(gateway, 'refused a request', error);
  // As Node's default: no answer once a response on this connection has begun (it would corrupt it).
  const inFlight = (socket as { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (clientWentAway(error) || !socket.writable || inFlight?.headersSent) return socket.destroy();
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  // Half-closed, so the answer is read before the connection goes; then gone for good, even if the client never
  // closes its side (the server's sockets allow half-open connections, which would otherwise stay forever).
  setTimeout(() => socket.destroy(), 1_000).unref();
};

/** The request's URL, or undefined when its target is not one (`GET http://[x/`: Node accepts it, `new URL` throws). */
export const requestUrl = (req: IncomingMessage): URL | undefined => {
  try {
    return new URL(req.url ?? '/', 'http://local');
  } catch {
    return undefined;
  }
};
