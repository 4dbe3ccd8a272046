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
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  const parsed = options.parse === false ? text : text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, body: parsed as T } satisfies HttpReply<T>;
};

/** A real HTTP client of the gateway at `baseUrl` (a stack of one's own: the bench, the load suite's fault runs). */
export const httpClient =
  (baseUrl: string): HttpCall =>
  (method, path, options) =>
    request(baseUrl, method, path, options);

/** A real HTTP call to the gateway of the run's shared stack (the vitest global setup). */
export const call: HttpCall = (method, path, options) => request(inject('httpUrl'), method, path, options);
