import * as z from 'zod/mini';
import { SERVICE_ROLES } from '#shared/auth/roles';
import { productView, putProduct } from '#shared/catalog/directory';
import { httpRoute } from '#shared/http/route';
import { httpUrl, text, userId } from '#shared/input/schemas';

/** PUT /v1/catalog/products/{productId}: 422 when `sellerId` is not a known seller (putProduct). */
export const handler = httpRoute(
  {
    roles: SERVICE_ROLES,
    params: z.object({ productId: userId }),
    body: z.object({
      name: text(1, 300),
      sellerId: userId,
      imageUrl: z.optional(httpUrl),
      url: z.optional(httpUrl),
      price: z.optional(text(1, 64)),
    }),
  },
  async ({ identity, params, body }) => ({
    status: 200,
    body: { product: productView(await putProduct(identity.tenant, params.productId, body)) },
  }),
);
