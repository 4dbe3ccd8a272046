import { randomInt, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { PLATFORM } from './public-keys';

/** A Laravel JSON timestamp: microseconds, UTC. */
export const LARAVEL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const numericId = () => String(randomInt(1, 2 ** 47));

/**
 * A marketplace as the dialects' apps see it, in the tenant of the test platform key (X-PUBLIC-KEY only maps
 * fixed tenants): numeric seller and product ids like a Laravel shop, UUID users, all fresh per test so tests
 * sharing the tenant never meet.
 */
export const platformWorld = async (tenant = PLATFORM.tenant) => {
  const service = await tokenFor({ sub: 'storefront', role: 'service', tenant });
  const seller = { id: numericId(), name: 'Mary Johnson' };
  const productId = numericId();
  const put = await call('PUT', `/v1/catalog/sellers/${seller.id}`, {
    token: service,
    body: { shopName: 'Mary’s Shop', email: 'mary@example.test', logoUrl: 'https://cdn.example.test/mary.png' },
  });
  expect(put.status).toBe(200);
  const product = await call('PUT', `/v1/catalog/products/${productId}`, {
    token: service,
    body: { name: 'Blue Kettle', sellerId: seller.id },
  });
  expect(product.status).toBe(200);
  const user = async (
    role: 'customer' | 'seller' | 'agent' = 'customer',
    id: string = randomUUID(),
    extra: { name?: string; email?: string } = {},
  ) => ({
    id,
    token: await tokenFor({ sub: id, role, tenant, ...extra }),
  });
  return {
    tenant,
    service,
    productId,
    seller: { ...seller, token: (await user('seller', seller.id, { name: seller.name })).token },
    customer: await user('customer', randomUUID(), { name: 'John Smith', email: 'john@example.test' }),
    user,
  };
};
