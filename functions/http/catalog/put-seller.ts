import * as z from 'zod/mini';
import { SERVICE_ROLES } from '#shared/auth/roles';
import { putSeller, sellerView } from '#shared/catalog/directory';
import { httpRoute } from '#shared/http/route';
import { email, httpUrl, text, userId } from '#shared/input/schemas';

export const handler = httpRoute(
  {
    roles: SERVICE_ROLES,
    params: z.object({ sellerId: userId }),
    body: z.object({ shopName: text(1, 200), email, logoUrl: z.optional(httpUrl) }),
  },
  async ({ identity, params, body }) => ({
    status: 200,
    body: { seller: sellerView(await putSeller(identity.tenant, params.sellerId, body)) },
  }),
);
