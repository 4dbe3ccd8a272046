import * as z from 'zod/mini';
import { openGuestSession } from '#shared/auth/guest-session';
import { guestTenant } from '#shared/auth/guest-tenant';
import { httpRoute } from '#shared/http/route';
import { email, text } from '#shared/input/schemas';

/** No token: anyone may become a guest of a tenant, within the per-IP rate limit. */
export const handler = httpRoute(
  { roles: 'public', body: z.object({ name: z.optional(text(1, 200)), email: z.optional(email) }) },
  async ({ body, event }) => ({
    status: 201,
    body: await openGuestSession(guestTenant(event), event.requestContext.http.sourceIp, body),
  }),
);
