import { decodeJwt, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { config } from '#shared/config';
import { HttpProblem, Unauthorized } from '#shared/errors';
import { selfTokenKey } from '#shared/secrets/signing-secret';
import type { Identity, Role } from './identity';
import { identityFromClaims } from './identity';
import { providerKeys } from './provider-keys';

/**
 * In AWS (an external OIDC issuer configured) our secret exists only to sign guest sessions, so a self-issued token
 * of any other role is forged or leaked. Locally there is no other issuer: development tokens have every role.
 */
const selfIssuedRoleAllowed = (role: Role) => !config.oidcIssuer || role === 'guest';

export interface VerifiedToken {
  identity: Identity;
  /** The token's `exp`, epoch seconds: a WebSocket session ends with it. */
  expiresAt: number;
}

/** Who the token is for (see verifyTokenWithExpiry). */
export const verifyToken = async (token: string): Promise<Identity> => (await verifyTokenWithExpiry(token)).identity;

/**
 * Verifies signature, expiry, issuer and audience, with the algorithm pinned per issuer:
 * our own issuer signs HS256, an external OIDC provider (Cognito, Auth0, …) RS256 through its JWKS.
 * With an external issuer configured, our own vouches for guests only (selfIssuedRoleAllowed).
 * 401 for any fault of the token; 503 when the provider's key set cannot be fetched (provider-keys.ts).
 */
export const verifyTokenWithExpiry = async (token: string): Promise<VerifiedToken> => {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw new Unauthorized('The bearer token is malformed.');
  }
  const options = { issuer, audience: config.jwtAudience, requiredClaims: ['exp', 'sub'] };
  try {
    let payload: JWTPayload;
    if (issuer === config.selfIssuer) {
      ({ payload } = await jwtVerify(token, await selfTokenKey(), { ...options, algorithms: ['HS256'] }));
    } else if (issuer !== undefined && issuer === config.oidcIssuer && config.oidcJwksUrl) {
      const keys = providerKeys(config.oidcJwksUrl, config.oidcJwksTimeoutMs);
      ({ payload } = await jwtVerify(token, keys, { ...options, algorithms: ['RS256'] }));
    } else {
      throw new Unauthorized('The token issuer is not trusted.');
    }
    const identity = identityFromClaims(payload);
    if (!identity) throw new Unauthorized('The token lacks a valid sub, role or tenant claim.');
    if (issuer === config.selfIssuer && !selfIssuedRoleAllowed(identity.role)) {
      throw new Unauthorized('Tokens of this issuer are valid for guest sessions only.');
    }
    return { identity, expiresAt: payload.exp! }; // required and checked to be a number by jwtVerify
  } catch (error) {
    if (error instanceof HttpProblem) throw error; // 401 above, or 503 from providerKeys
    if (error instanceof joseErrors.JWTExpired) throw new Unauthorized('The bearer token has expired.');
    if (error instanceof joseErrors.JOSEError) throw new Unauthorized('The bearer token is not valid.');
    throw error;
  }
};
