import { z } from 'zod';
import { ROLES, type Identity } from '../chat/model';

export const DEFAULT_TENANT = 'default';
export const TENANT_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** The claims the contract uses; anything else in a token is ignored. */
const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  role: z.enum(ROLES),
  tenant: z.string().regex(TENANT_PATTERN).optional(),
  name: z.string().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
});

export const identityFromClaims = (claims: unknown): Identity | undefined => {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return undefined;
  const { sub, role, tenant, name, email } = parsed.data;
  return { userId: sub, role, tenant: tenant ?? DEFAULT_TENANT, ...(name && { name }), ...(email && { email }) };
};
