import * as z from 'zod/mini';
import { email, userId, wellFormed } from '#shared/input/schemas';
import { ROLES, type Role } from './role-names';

export { ROLES, type Role };

/** Who is calling, from a verified token. */
export interface Identity {
  tenant: string;
  userId: string;
  role: Role;
  name?: string;
  email?: string;
  /** The token's `iat`, epoch seconds, when it has one: a token issued before the user's erasure is refused. */
  issuedAt?: number;
}

/**
 * Just the identity of something that carries one (a verified token's, a connection record), without keys for the
 * claims it lacks: an authorizer's context holds only defined values.
 */
export const identityOf = (x: Identity): Identity => ({
  tenant: x.tenant,
  userId: x.userId,
  role: x.role,
  ...(x.name !== undefined && { name: x.name }),
  ...(x.email !== undefined && { email: x.email }),
  ...(x.issuedAt !== undefined && { issuedAt: x.issuedAt }),
});

export const DEFAULT_TENANT = 'default';
export const TENANT_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** The claims that say who the caller is: a token without valid ones is refused. */
const requiredClaims = z.object({
  sub: userId,
  role: z.enum(ROLES),
  tenant: z.optional(z.string().check(z.regex(TENANT_PATTERN))),
});
/** Profile claims: one the contract cannot use (too long, not an address) is dropped, the token still valid. */
const displayName = z.string().check(z.minLength(1), z.maxLength(200), wellFormed());

/** The claims the contract uses; anything else in a token is ignored. Lengths count code points (zod's `maxLength`). */
export const identityFromClaims = (claims: unknown): Identity | undefined => {
  const parsed = requiredClaims.safeParse(claims);
  if (!parsed.success) return undefined;
  const { sub, role, tenant } = parsed.data;
  const profile = claims as { name?: unknown; email?: unknown; iat?: unknown };
  const name = valid(displayName, profile.name);
  const address = valid(email, profile.email);
  return {
    userId: sub,
    role,
    tenant: tenant ?? DEFAULT_TENANT,
    ...(name && { name }),
    ...(address && { email: address }),
    ...(Number.isSafeInteger(profile.iat) && { issuedAt: profile.iat as number }),
  };
};

const valid = <T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};
