import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Identity, Role } from '#shared/auth/identity';
import { verifyToken } from '#shared/auth/verify-token';
import { Forbidden, Unauthorized } from '#shared/errors';

const BEARER = /^Bearer\s+([A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.[A-Za-z0-9_=+/-]*)\s*$/i;

const authorizationOf = (event: APIGatewayProxyEventV2) => event.headers?.authorization ?? event.headers?.Authorization;

export const hasAuthorization = (event: APIGatewayProxyEventV2) => Boolean(authorizationOf(event));

/** 401 unless a valid bearer token is present; 403 unless its role may call the route. */
export const authenticate = async (event: APIGatewayProxyEventV2, roles: readonly Role[]): Promise<Identity> => {
  const header = authorizationOf(event);
  if (!header) throw new Unauthorized();
  const match = BEARER.exec(header);
  if (!match?.[1]) throw new Unauthorized('The Authorization header must be "Bearer <JWT>".');
  return authorizeToken(match[1], roles);
};

/** A token from wherever a route takes it (header, or a dialect's body field): 401 unless valid, 403 unless of `roles`. */
export const authorizeToken = async (token: string, roles: readonly Role[]): Promise<Identity> => {
  const identity = await verifyToken(token);
  if (!roles.includes(identity.role)) throw new Forbidden();
  return identity;
};
