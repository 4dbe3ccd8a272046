import { SignJWT } from 'jose';
import { config } from '#shared/config';
import { selfTokenKey } from '#shared/secrets/signing-secret';
import type { Role } from './identity';

export interface TokenClaims {
  sub: string;
  role: Role;
  tenant?: string;
  name?: string;
  email?: string;
}

/** A token of our own issuer: guest sessions in AWS, every token in the local stack. */
export const signSelfToken = async (
  claims: TokenClaims,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: string }> => {
  const expiresAtSeconds = Math.floor(Date.now() / 1000) + ttlSeconds;
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.selfIssuer)
    .setAudience(config.jwtAudience)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresAtSeconds)
    .sign(await selfTokenKey());
  return { token, expiresAt: new Date(expiresAtSeconds * 1000).toISOString() };
};
