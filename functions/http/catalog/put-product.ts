import { z } from 'zod';
import { getSeller, productView, putProduct } from '../../../shared/catalog/directory';
import { invalidField } from '../../../shared/errors';
import { SERVICE_ROLES } from '../../../shared/http/roles';
import { httpRoute } from '../../../shared/http/route';
import { httpUrl, userId } from '../../../shared/http/schemas';

export const handler = httpRoute(
  {
    roles: SERVICE_ROLES,
    params: z.object({ productId: userId }),
    body: z.object({
      name: z.string().trim().min(1).max(300),
      sellerId: userId,
      imageUrl: httpUrl.optional(),
      url: httpUrl.optional(),
      price: z.string().max(64).optional(),
    }),
  },
  async ({ identity, params, body }) => {
    if (!(await getSeller(identity.tenant, body.sellerId))) throw invalidField('sellerId', 'is not a known seller');
    return { status: 200, body: { product: productView(await putProduct(identity.tenant, params.productId, body)) } };
  },
);
