import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { expectInvalidFields, expectProblem } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';

describe('PUT /v1/catalog/sellers/{sellerId} and /products/{productId} (role service)', () => {
  it('upserts a seller and returns it', async () => {
    const w = await newWorld();
    const body = {
      shopName: '  Mia’s Market ',
      email: 'mia@example.test',
      logoUrl: 'https://cdn.example.test/mia.png',
    };
    const first = await call('PUT', '/v1/catalog/sellers/seller-mia', { token: w.service, body });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.body.seller).toMatchObject({
      id: 'seller-mia',
      shopName: 'Mia’s Market',
      email: 'mia@example.test',
      logoUrl: body.logoUrl,
    });
    expect(first.body.seller.updatedAt).toMatch(/Z$/);

    const renamed = await call('PUT', '/v1/catalog/sellers/seller-mia', {
      token: w.service,
      body: { shopName: 'Mia Market', email: 'mia@example.test' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.seller).toEqual(expect.objectContaining({ shopName: 'Mia Market' }));
    expect(renamed.body.seller.logoUrl).toBeUndefined();
  });

  it('upserts a product of a known seller, and the conversation snapshot uses it', async () => {
    const w = await newWorld();
    const body = {
      name: 'Red Kettle',
      sellerId: w.seller.id,
      imageUrl: 'https://cdn.example.test/k.png',
      url: 'http://shop.example.test/k',
      price: '30.00 EUR',
    };
    const put = await call('PUT', '/v1/catalog/products/p-red', { token: w.service, body });
    expect(put.status).toBe(200);
    expect(put.body.product).toMatchObject({
      id: 'p-red',
      name: 'Red Kettle',
      sellerId: w.seller.id,
      imageUrl: body.imageUrl,
      url: body.url,
      price: '30.00 EUR',
    });
    const conv = await call('POST', '/v1/conversations', { token: w.customer.token, body: { productId: 'p-red' } });
    expect(conv.body.product).toEqual({ id: 'p-red', name: 'Red Kettle', imageUrl: body.imageUrl, url: body.url });
  });

  it('422 when the product names an unknown seller (also one of another tenant)', async () => {
    const w = await newWorld();
    const otherTenant = await newWorld();
    const unknown = await call('PUT', '/v1/catalog/products/p-x', {
      token: w.service,
      body: { name: 'X', sellerId: 'nobody' },
    });
    expectInvalidFields(unknown, ['sellerId']);
    await call('PUT', '/v1/catalog/sellers/only-there', {
      token: otherTenant.service,
      body: { shopName: 'There', email: 'there@example.test' },
    });
    expectInvalidFields(
      await call('PUT', '/v1/catalog/products/p-x', { token: w.service, body: { name: 'X', sellerId: 'only-there' } }),
      ['sellerId'],
    );
  });

  it('422 names every bad field', async () => {
    const w = await newWorld();
    expectInvalidFields(
      await call('PUT', '/v1/catalog/sellers/s', {
        token: w.service,
        body: { shopName: '   ', email: 'not-an-email', logoUrl: 'javascript:alert(1)' },
      }),
      ['shopName', 'email', 'logoUrl'],
    );
    expectInvalidFields(await call('PUT', '/v1/catalog/sellers/s', { token: w.service, body: {} }), [
      'shopName',
      'email',
    ]);
    expectInvalidFields(
      await call('PUT', '/v1/catalog/products/p', {
        token: w.service,
        body: { name: 'x'.repeat(301), sellerId: '', price: 12 },
      }),
      ['name', 'sellerId', 'price'],
    );
  });

  it('403 for every role but service', async () => {
    const w = await newWorld();
    for (const role of ['customer', 'seller', 'agent', 'guest'] as const) {
      const { token } = await w.user(`u-${role}`, role);
      expectProblem(
        await call('PUT', '/v1/catalog/sellers/s', { token, body: { shopName: 'S', email: 's@example.test' } }),
        403,
      );
      expectProblem(
        await call('PUT', '/v1/catalog/products/p', { token, body: { name: 'P', sellerId: w.seller.id } }),
        403,
      );
    }
  });
});
