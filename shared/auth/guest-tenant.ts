import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { parseOrThrow } from '#shared/input/validation';
import { DEFAULT_TENANT, TENANT_PATTERN } from './identity';

const headers = z.object({
  'x-tenant': z.optional(z.string().check(z.regex(TENANT_PATTERN, 'must be 1..64 characters of A-Z a-z 0-9 _ . -'))),
});

/** The shop a caller without a token becomes a guest of: the `X-Tenant` header (422 if malformed), else `default`. */
export const guestTenant = (event: APIGatewayProxyEventV2): string =>
  parseOrThrow(headers, event.headers ?? {}, 'headers')['x-tenant'] ?? DEFAULT_TENANT;
