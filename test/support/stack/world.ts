import { randomUUID } from 'node:crypto';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';

/**
 * A fresh tenant per test with a seller, a product and a customer: tests never see each other's data,
 * so they can run in parallel against the one shared table.
 */
export const newWorld = async () => {
  const tenant = `t-${randomUUID().slice(0, 8)}`;
  const service = await tokenFor({ sub: 'storefront', role: 'service', tenant });
  const seller = {
    id: 'seller-1',
    token: await tokenFor({ sub: 'seller-1', role: 'seller', tenant, name: 'Sam Seller' }),
  };
  const customer = {
    id: 'cust-1',
    token: await tokenFor({
      sub: 'cust-1',
      role: 'customer',
      tenant,
      name: 'Cora Customer',
      email: 'cora@example.test',
    }),
  };
  const seller201 = await call('PUT', `/v1/catalog/sellers/${seller.id}`, {
    token: service,
    body: { shopName: 'Sam’s Shop', email: 'sam@example.test' },
  });
  if (seller201.status !== 200) throw new Error(`seller setup failed: ${JSON.stringify(seller201.body)}`);
  const product = await call('PUT', '/v1/catalog/products/p-1', {
    token: service,
    body: { name: 'Blue Kettle', sellerId: seller.id, price: '25.00' },
  });
  if (product.status !== 200) throw new Error(`product setup failed: ${JSON.stringify(product.body)}`);
  const user = async (
    sub: string,
    role: 'customer' | 'seller' | 'agent' | 'guest' | 'service' = 'customer',
    extra: { name?: string; email?: string } = {},
  ) => ({
    id: sub,
    token: await tokenFor({ sub, role, tenant, ...extra }),
  });
  const openProductConversation = async (body: Record<string, unknown> = {}, token = customer.token) => {
    const res = await call('POST', '/v1/conversations', { token, body: { productId: 'p-1', ...body } });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`open failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; [k: string]: unknown };
  };
  return { tenant, service, seller, customer, productId: 'p-1', user, openProductConversation };
};
