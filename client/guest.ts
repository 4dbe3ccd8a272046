import { call } from './chat-client';
import { createRestClient } from './rest';
import type { GuestSession } from './types';

/**
 * A guest token for a shopper who is not signed in (no token needed; rate limited per source IP): pass its
 * `token` to `ChatClient` through `getToken`, and keep it (24 h) so a reload finds the same conversations.
 */
export const createGuestSession = (options: {
  apiUrl: string;
  tenant?: string;
  name?: string;
  email?: string;
  fetch?: typeof fetch;
}): Promise<GuestSession> =>
  call(
    createRestClient({ apiUrl: options.apiUrl, ...(options.fetch && { fetch: options.fetch }) }).POST(
      '/v1/guest-sessions',
      {
        ...(options.tenant && { params: { header: { 'X-Tenant': options.tenant } } }),
        body: {
          ...(options.name && { name: options.name }),
          ...(options.email && { email: options.email }),
        },
      },
    ),
  );
