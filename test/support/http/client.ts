import { request as httpRequest } from 'node:http';
import { inject } from 'vitest';

export interface HttpOptions {
  /** Sent as `authorization: Bearer <token>` (over any authorization in `headers`). */
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent exactly as given, instead of `body`: malformed or oversized JSON, another encoding. */
  rawBody?: string;
  /** Extra request headers; a `content-type` here wins over the default `application/json` of a body. */
  headers?: Record<string, string>;
  /** `false` leaves the response body as the text received, for answers that need not be JSON (fuzzing). */
  parse?: boolean;
  /**
   * The local address the request leaves from (`ownSourceAddress()`), which the gateway sees as its source IP: a
   * caller with per-address budgets of its own (guest sessions), untouched by every other test's requests.
   */
  from?: string;
}

export interface HttpReply<T = any> {
  status: number;
  headers: Headers;
  /** The JSON the response carried (undefined when it was empty), or its text with `parse: false`. */
  body: T;
}

export type HttpCall = <T = any>(method: string, path: string, options?: HttpOptions) => Promise<HttpReply<T>>;

const request = async <T>(baseUrl: string, method: string, path: string, options: HttpOptions = {}) => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = options.from
    ? await sendFrom(options.from, `${baseUrl}${path}`, { method, headers, body })
    : await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  const parsed = options.parse === false ? text : text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, body: parsed as T } satisfies HttpReply<T>;
};

/**
 * The same request over node:http bound to a local address (fetch cannot choose one). Every 127.x.y.z address is the
 * loopback interface on Linux, so the request reaches the gateway like any other, from that address.
 */
const sendFrom = (
  localAddress: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body: string | undefined },
): Promise<Response> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const empty = [204, 205, 304].includes(res.statusCode!);
        resolve(new Response(empty ? null : Buffer.concat(chunks), { status: res.statusCode!, headers }));
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });

/** A loopback address no other caller uses (127.0.0.0/8, never 127.0.0.1): a source IP of one's own. */
export const ownSourceAddress = () => {
  const byte = () => 1 + Math.floor(Math.random() * 254);
  return `127.${byte()}.${byte()}.${byte()}`;
};

/** A real HTTP client of the gateway at `baseUrl` (a stack of one's own: the bench, the load suite's fault runs). */
export const httpClient =
  (baseUrl: string): HttpCall =>
  (method, path, options) =>
    request(baseUrl, method, path, options);

/** A real HTTP call to the gateway of the run's shared stack (the vitest global setup). */
export const call: HttpCall = (method, path, options) => request(inject('httpUrl'), method, path, options);
