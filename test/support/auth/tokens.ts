import { signSelfToken, type TokenClaims } from '#shared/auth/sign-token';

export const tokenFor = async (claims: TokenClaims, ttlSeconds = 3600) =>
  (await signSelfToken(claims, ttlSeconds)).token;
