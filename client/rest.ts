import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/openapi';
import type { TokenSource } from './tokens';

export type RestClient = Client<paths>;

export interface RestOptions {
  /** The HTTP API's base URL (`http://localhost:3000` locally; the stack's `HttpApiUrl` in AWS). */
  apiUrl: string;
  tokens?: TokenSource;
  fetch?: typeof fetch;
}

/**
 * The typed REST layer: every path, parameter, body and answer is checked against the types generated from
 * docs/openapi.yaml. Each request carries the current token; a 401 asks the token provider for a fresh token
 * and repeats the request once (a request's body is read again from a clone, so POSTs repeat too).
 */
export const createRestClient = ({ apiUrl, tokens, fetch: fetchImpl = globalThis.fetch }: RestOptions): RestClient =>
  createClient<paths>({
    baseUrl: apiUrl.replace(/\/$/, ''),
    fetch: async (request: Request) => {
      if (!tokens) return fetchImpl(request);
      const again = request.clone();
      const first = await fetchImpl(withToken(request, await tokens.get()));
      if (first.status !== 401) return first;
      const fresh = await tokens.refresh();
      return fetchImpl(withToken(again, fresh));
    },
  });

const withToken = (request: Request, token: string) => {
  request.headers.set('authorization', `Bearer ${token}`);
  return request;
};
