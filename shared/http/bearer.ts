import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Forbidden, Unauthorized } from '../errors';
import { verifyToken } from '../auth/verify-token';
import type { Identity, Role } from '../chat/model';

const BEARER = /^Bearer\s+([A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.[A-Za-z0-9_=+/-]*)\s*$/i;

/** 401 unless a valid bearer token is present; 403 unless its role may call the route. */
export const authenticate = async (event: APIGatewayProxyEventV2, roles: readonly Role[]): Promise<Identity> => {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  if (!header) throw new Unauthorized();
  const match = BEARER.exec(header);
  if (!match?.[1]) throw new Unauthorized('The Authorization header must be "Bearer <JWT>".');
  const identity = await verifyToken(match[1]);
  if (!roles.includes(identity.role)) throw new Forbidden();
  return identity;
};
