import { z } from 'zod';
import { putSeller, sellerView } from '../../../shared/catalog/directory';
import { SERVICE_ROLES } from '../../../shared/http/roles';
import { httpRoute } from '../../../shared/http/route';
import { httpUrl, userId } from '../../../shared/http/schemas';

export const handler = httpRoute(
  {
    roles: SERVICE_ROLES,
    params: z.object({ sellerId: userId }),
    body: z.object({ shopName: z.string().trim().min(1).max(200), email: z.email().max(254), logoUrl: httpUrl.optional() }),
  },
  async ({ identity, params, body }) => ({
    status: 200,
    body: { seller: sellerView(await putSeller(identity.tenant, params.sellerId, body)) },
  }),
);
