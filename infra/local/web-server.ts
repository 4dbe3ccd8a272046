import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ROLES, type Role } from '#shared/auth/identity';
import { signSelfToken } from '#shared/auth/sign-token';
import { buildWeb } from '#web/build';
import { pageFor } from '#web/pages';

export interface WebServer {
  url: string;
  stop: () => Promise<void>;
}

/** Roles the local sign-in form may mint (never `service`: the catalog stays the storefront's). */
const SIGN_IN_ROLES: Role[] = ['customer', 'seller', 'agent'];
const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  txt: 'text/plain; charset=utf-8',
};

/**
 * The web front, locally (`WEB_PORT`, default 3002): the pages and bundles built by esbuild at start, config.json
 * pointing at the local WebSocket API, the HTTP API proxied under the same origin (so pages need no CORS), and
 * `POST /_local/token`, which mints development tokens for the sign-in form. That route exists only here: it
 * is part of no deployment, and the server listens on 127.0.0.1 only.
 */
export const startWebServer = async (options: {
  port: number;
  httpUrl: string;
  wsUrl: string;
  tenant?: string;
}): Promise<WebServer> => {
  const assets = await buildWeb({
    minify: false,
    config: { apiUrl: '', wsUrl: options.wsUrl, tenant: options.tenant ?? 'default', devSignIn: true },
  });
  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      console.error('local web server error', error);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway');
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname.startsWith('/v1/')) return proxy(req, res, `${options.httpUrl}${url.pathname}${url.search}`);
    if (url.pathname === '/_local/token' && req.method === 'POST') return mintToken(req, res);
    if (url.pathname === '/health') return send(res, 200, 'json', JSON.stringify({ status: 'ok' }));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'txt', 'Method Not Allowed');
    const name = pageFor(url.pathname) ?? url.pathname.slice(1);
    const file = assets.files.get(name);
    if (!file) return send(res, 404, 'txt', 'Not Found');
    send(res, 200, name.split('.').pop()!, file);
  };

  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://localhost:${typeof address === 'object' && address ? address.port : options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const send = (res: ServerResponse, status: number, type: string, body: string | Uint8Array) => {
  res
    .writeHead(status, {
      'content-type': TYPES[type] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .end(body);
};

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** Same-origin access to the HTTP API: method, headers and body through, the answer back unchanged. */
const proxy = async (req: IncomingMessage, res: ServerResponse, target: string) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'host' || name === 'connection' || name === 'content-length') continue;
    headers.set(name, Array.isArray(value) ? value.join(',') : value);
  }
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  const answer = await fetch(target, { method: req.method ?? 'GET', headers, ...(body && { body }) });
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (name !== 'content-encoding' && name !== 'content-length' && name !== 'transfer-encoding') out[name] = value;
  });
  res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
};

/** `{ sub, role, name?, email?, tenant? }` → `{ token }`: a development token signed with the local key. */
const mintToken = async (req: IncomingMessage, res: ServerResponse) => {
  let input: Record<string, unknown>;
  try {
    input = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
  } catch {
    return send(res, 400, 'json', JSON.stringify({ title: 'Bad Request', detail: 'The body must be JSON.' }));
  }
  const text = (key: string) => (typeof input[key] === 'string' && input[key] ? (input[key] as string) : undefined);
  const sub = text('sub');
  const role = text('role') as Role | undefined;
  if (!sub || !role || !ROLES.includes(role) || !SIGN_IN_ROLES.includes(role))
    return send(
      res,
      422,
      'json',
      JSON.stringify({ title: 'Unprocessable Content', detail: 'sub and role are needed' }),
    );
  const name = text('name');
  const email = text('email');
  const tenant = text('tenant');
  try {
    const { token } = await signSelfToken(
      { sub, role, ...(name && { name }), ...(email && { email }), ...(tenant && { tenant }) },
      DEV_TOKEN_TTL_SECONDS,
    );
    send(res, 200, 'json', JSON.stringify({ token }));
  } catch (error) {
    send(res, 422, 'json', JSON.stringify({ title: 'Unprocessable Content', detail: String(error) }));
  }
};
