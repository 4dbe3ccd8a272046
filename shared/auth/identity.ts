import * as z from 'zod/mini';
import { ROLES, type Identity } from '../chat/model';
import { userId } from '../http/schemas';

export const DEFAULT_TENANT = 'default';
export const TENANT_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** The claims the contract uses; anything else in a token is ignored. */
const claimsSchema = z.object({
  sub: userId,
  role: z.enum(ROLES),
  tenant: z.optional(z.string().check(z.regex(TENANT_PATTERN))),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  email: z.optional(z.email().check(z.maxLength(254))),
});

export const identityFromClaims = (claims: unknown): Identity | undefined => {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return undefined;
  const { sub, role, tenant, name, email } = parsed.data;
  return { userId: sub, role, tenant: tenant ?? DEFAULT_TENANT, ...(name && { name }), ...(email && { email }) };
};
