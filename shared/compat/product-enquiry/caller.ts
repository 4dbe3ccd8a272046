import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { openGuestSession } from '#shared/auth/guest-session';
import { guestTenant } from '#shared/auth/guest-tenant';
import type { Identity } from '#shared/auth/identity';
import { openerRoles } from '#shared/auth/roles';
import { getProduct } from '#shared/catalog/items/product';
import { invalidField } from '#shared/errors';
import { authorizeToken } from '#shared/http/bearer';

export interface EnquiryCaller {
  identity: Identity;
  guest?: { token: string; userId: string; expiresAt: string };
}

/**
 * Who calls newChat, whose token is optional: the Authorization bearer's user (already verified by the route),
 * else the body's `token`, else a new guest of the `X-Tenant` shop (the guest-session code, with its per-IP rate
 * limit: 429). A token that is present but invalid is a 401, never silently another identity.
 */
export const enquiryCaller = async (
  event: APIGatewayProxyEventV2,
  bearer: Identity | undefined,
  body: { token?: string | undefined; productId?: string | undefined },
): Promise<EnquiryCaller> => {
  if (bearer) return { identity: bearer };
  if (body.token !== undefined) return { identity: await authorizeToken(body.token, openerRoles('support')) };
  const tenant = guestTenant(event);
  // A request that cannot succeed must not spend a guest session of the IP's budget.
  if (body.productId !== undefined && !(await getProduct(tenant, body.productId)))
    throw invalidField('productId', 'is not a known product');
  const guest = await openGuestSession(tenant, event.requestContext.http.sourceIp, {});
  return { identity: { tenant, userId: guest.userId, role: 'guest' }, guest };
};
