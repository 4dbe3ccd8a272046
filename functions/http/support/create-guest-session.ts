import * as z from 'zod/mini';
import { openGuestSession } from '../../../shared/auth/guest-session';
import { DEFAULT_TENANT, TENANT_PATTERN } from '../../../shared/auth/identity';
import { httpRoute } from '../../../shared/http/route';
import { email, text } from '../../../shared/http/schemas';
import { parseOrThrow } from '../../../shared/http/validation';

const headers = z.object({ 'x-tenant': z.optional(z.string().check(z.regex(TENANT_PATTERN, 'must be 1..64 characters of A-Z a-z 0-9 _ . -'))) });

/** No token: anyone may become a guest of a tenant, within the per-IP rate limit. */
export const handler = httpRoute(
  { roles: 'public', body: z.object({ name: z.optional(text(1, 200)), email: z.optional(email) }) },
  async ({ body, event }) => {
    const tenant = parseOrThrow(headers, event.headers ?? {}, 'headers')['x-tenant'] ?? DEFAULT_TENANT;
    return { status: 201, body: await openGuestSession(tenant, event.requestContext.http.sourceIp, body) };
  },
);
