import type { Identity } from '#shared/auth/identity';
import type { VerifiedToken } from '#shared/auth/verify-token';

/** What $connect registers for a token of `identity` that expires in `seconds` (connections without a socket). */
export const sessionOf = (identity: Identity, seconds = 3600): VerifiedToken => ({
  identity,
  expiresAt: Math.floor(Date.now() / 1000) + seconds,
});
