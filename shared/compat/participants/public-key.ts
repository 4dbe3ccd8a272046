import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Identity } from '#shared/auth/identity';
import { config } from '#shared/config';
import { Unauthorized } from '#shared/errors';

/**
 * X-PUBLIC-KEY identifies the calling platform, i.e. the tenant (COMPAT_PUBLIC_KEYS maps keys to tenants).
 * The header selects, the token proves: the token must be of the key's tenant, so a key can never widen what a
 * token may see. A missing or unknown key, or a token of another tenant, is a 401 like a bad token.
 */
export const requirePlatform = (event: APIGatewayProxyEventV2, identity: Identity): void => {
  const key = event.headers?.['x-public-key']?.trim();
  if (!key) throw new Unauthorized('The X-PUBLIC-KEY header is required.');
  const tenant = Object.hasOwn(config.compatPublicKeys, key) ? config.compatPublicKeys[key] : undefined;
  if (tenant === undefined) throw new Unauthorized('The X-PUBLIC-KEY header names no known platform.');
  if (tenant !== identity.tenant)
    throw new Unauthorized('The bearer token does not belong to the platform of X-PUBLIC-KEY.');
};
