import { randomUUID } from 'node:crypto';
import type { Role } from '#shared/auth/identity';
import { tokenFor } from '#test/support/auth/tokens';
import type { HttpCall } from '#test/support/http/client';

export interface Actor {
  id: string;
  token: string;
}

/**
 * The platform key of the compatibility dialect that names its tenant by `X-PUBLIC-KEY` (seed 004): `npm run bench`
 * maps it (COMPAT_PUBLIC_KEYS) to the tenant of the round-trips world, the one family that calls that dialect.
 */
export const BENCH_PLATFORM = { key: 'bench-public-key', tenant: 'bench-platform' } as const;

/**
 * A fresh tenant (or `options.tenant`) with a seller, a product and helpers to add users and open conversations,
 * over real HTTP.
 */
export const benchWorld = async (call: HttpCall, label: string, options: { tenant?: string } = {}) => {
  const tenant = options.tenant ?? `${label}-${randomUUID().slice(0, 8)}`;
  const service = await tokenFor({ sub: 'storefront', role: 'service', tenant });
  const actor = async (id: string, role: Role, claims: { email?: string } = {}): Promise<Actor> => ({
    id,
    token: await tokenFor({ sub: id, role, tenant, name: id, ...claims }),
  });
  const seller = await actor('seller-1', 'seller');
  must(
    await call('PUT', `/v1/catalog/sellers/${seller.id}`, {
      token: service,
      body: { shopName: 'Bench Shop', email: 'seller@example.test' },
    }),
    200,
  );
  must(
    await call('PUT', '/v1/catalog/products/p-1', {
      token: service,
      body: { name: 'Bench Kettle', sellerId: seller.id, price: '25.00' },
    }),
    200,
  );
  const customer = await actor('cust-1', 'customer');
  const openProductConversation = async (by: Actor = customer, body: Record<string, unknown> = {}) =>
    must(await call('POST', '/v1/conversations', { token: by.token, body: { productId: 'p-1', ...body } }), 201, 200)
      .body as { id: string };
  return { tenant, service, seller, customer, productId: 'p-1', actor, openProductConversation };
};

export type BenchWorld = Awaited<ReturnType<typeof benchWorld>>;

export const must = <R extends { status: number; body?: unknown }>(reply: R, ...expected: number[]): R => {
  if (!expected.includes(reply.status))
    throw new Error(`unexpected HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply;
};
