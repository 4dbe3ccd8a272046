import { createRemoteJWKSet, type JWTVerifyGetKey, errors as joseErrors } from 'jose';
import { ServiceUnavailable } from '#shared/errors';
import { logger } from '#shared/observability/logger';

const RETRY_AFTER_SECONDS = 5;

let cached: { url: string; timeoutMs: number; keys: JWTVerifyGetKey } | undefined;

/**
 * The external OIDC provider's signing keys (jose fetches its JWKS and caches it per container). Not getting the key
 * set at all (a timeout, a network failure, an answer that is not a key set) is the provider's outage: 503 with
 * Retry-After. Only a token no key matches, or a bad signature, is the token's fault (401, in verify-token.ts).
 */
export const providerKeys = (url: string, timeoutMs: number): JWTVerifyGetKey => {
  if (cached?.url !== url || cached.timeoutMs !== timeoutMs) {
    cached = {
      url,
      timeoutMs,
      keys: unavailableOnFetchFailure(createRemoteJWKSet(new URL(url), { timeoutDuration: timeoutMs })),
    };
  }
  return cached.keys;
};

// jwtVerify checks the token's alg before it asks for a key, so the only key errors a token can cause are these two.
const unavailableOnFetchFailure =
  (keys: JWTVerifyGetKey): JWTVerifyGetKey =>
  async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys)
        throw error;
      logger.warn('Could not get the identity provider’s key set', { error: error as Error });
      throw new ServiceUnavailable(
        `The identity provider is unavailable; retry after ${RETRY_AFTER_SECONDS} s.`,
        RETRY_AFTER_SECONDS,
      );
    }
  };
