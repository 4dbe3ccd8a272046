import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { coreRoutes, exampleCall } from '#infra/routes/index';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';

/** Every core route of the route list, called with its example (in conversation `id`). */
const coreCalls = (id: string) => coreRoutes.map((route) => exampleCall(route, { id }));

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const issuer = () => process.env.SELF_TOKEN_ISSUER ?? 'urn:product-enquiry-chat';
const audience = () => process.env.JWT_AUDIENCE ?? 'product-enquiry-chat';
const secret = () => new TextEncoder().encode(process.env.SELF_TOKEN_SECRET!);

/** A token signed like ours, with any claims and header. */
const signed = async (
  claims: Record<string, unknown>,
  options: { key?: Uint8Array; alg?: string; iss?: string | null; aud?: string | null; exp?: number | null } = {},
) => {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).setIssuedAt();
  if (options.iss !== null) jwt = jwt.setIssuer(options.iss ?? issuer());
  if (options.aud !== null) jwt = jwt.setAudience(options.aud ?? audience());
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(options.key ?? secret());
};

describe('401 for every core route without a valid token', () => {
  it('missing, malformed, expired, wrong signature/issuer/audience, alg=none, bad claims', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const claims = { sub: 'cust-1', role: 'customer', tenant: w.tenant };
    const now = Math.floor(Date.now() / 1000);
    const valid = await signed(claims);
    const [header, payload] = valid.split('.');
    const authorizations: Record<string, string | undefined> = {
      missing: undefined,
      empty: '',
      'no scheme': valid,
      'basic scheme': `Basic ${Buffer.from('a:b').toString('base64')}`,
      'bearer without token': 'Bearer ',
      garbage: 'Bearer garbage',
      'three garbage parts': 'Bearer a.b.c',
      'not json parts': `Bearer ${Buffer.from('{').toString('base64url')}.${Buffer.from('[').toString('base64url')}.sig`,
      expired: `Bearer ${await tokenFor({ sub: 'cust-1', role: 'customer', tenant: w.tenant }, -60)}`,
      'no exp': `Bearer ${await signed(claims, { exp: null })}`,
      'wrong secret': `Bearer ${await signed(claims, { key: new TextEncoder().encode('another-secret-of-sufficient-length-0123456789') })}`,
      'tampered payload': `Bearer ${header}.${b64({ ...claims, role: 'service', iss: issuer(), aud: audience(), exp: now + 600 })}.${valid.split('.')[2]}`,
      'wrong audience': `Bearer ${await signed(claims, { aud: 'someone-else' })}`,
      'no audience': `Bearer ${await signed(claims, { aud: null })}`,
      'wrong issuer': `Bearer ${await signed(claims, { iss: 'https://evil.example.test' })}`,
      'no issuer': `Bearer ${await signed(claims, { iss: null })}`,
      'alg none': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'alg HS512': `Bearer ${await signed(claims, { alg: 'HS512' })}`,
      'unknown role': `Bearer ${await signed({ ...claims, role: 'admin' })}`,
      'no sub': `Bearer ${await signed({ role: 'customer', tenant: w.tenant })}`,
      'sub too long': `Bearer ${await signed({ ...claims, sub: 'x'.repeat(129) })}`,
      'bad tenant': `Bearer ${await signed({ ...claims, tenant: 'a#b' })}`,
      'tenant not a string': `Bearer ${await signed({ ...claims, tenant: 7 })}`,
    };
    expect((await call('GET', '/v1/unread', { headers: { authorization: `Bearer ${valid}` } })).status).toBe(200);
    for (const route of coreCalls(conv.id)) {
      await Promise.all(
        Object.entries(authorizations).map(async ([name, authorization]) => {
          const res = await call(route.method, route.path, {
            ...('body' in route && { body: route.body }),
            headers: authorization === undefined ? {} : { authorization },
          });
          expect({ route: `${route.method} ${route.path}`, name, status: res.status }).toEqual({
            route: `${route.method} ${route.path}`,
            name,
            status: 401,
          });
          const problem = expectProblem(res, 401);
          expect(problem.detail).not.toMatch(/stack|at .*\.ts|Error:/);
        }),
      );
    }
  });
});

describe('optional claims never invalidate a correctly signed token', () => {
  it('accepts a token whose name or email the contract cannot use, without that claim', async () => {
    const w = await newWorld();
    const claims = { sub: 'cust-1', role: 'customer', tenant: w.tenant };
    for (const extra of [
      { name: 'x'.repeat(201) },
      { name: '' },
      { email: 'not-an-email' },
      { name: 7, email: ['a@b.test'] },
    ]) {
      const res = await call('GET', '/v1/unread', {
        headers: { authorization: `Bearer ${await signed({ ...claims, ...extra })}` },
      });
      expect({ extra, status: res.status }).toEqual({ extra, status: 200 });
    }
  });
});

describe('403 when the role may not call the route at all', () => {
  it('service only for the catalog; customers and guests open; service may not use conversations', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const expectations: Record<string, string[]> = {
      customer: ['PUT /v1/catalog/sellers/seller-x', 'PUT /v1/catalog/products/p-x'],
      guest: ['PUT /v1/catalog/sellers/seller-x', 'PUT /v1/catalog/products/p-x'],
      seller: ['PUT /v1/catalog/sellers/seller-x', 'PUT /v1/catalog/products/p-x', 'POST /v1/conversations'],
      agent: ['PUT /v1/catalog/sellers/seller-x', 'PUT /v1/catalog/products/p-x', 'POST /v1/conversations'],
      service: coreCalls(conv.id)
        .filter((r) => !r.path.startsWith('/v1/catalog'))
        .map((r) => `${r.method} ${r.path}`),
    };
    for (const [role, forbidden] of Object.entries(expectations)) {
      const { token } = await w.user(`someone-${role}`, role as 'customer');
      for (const route of coreCalls(conv.id)) {
        const res = await call(route.method, route.path, { token, ...('body' in route && { body: route.body }) });
        const key = `${route.method} ${route.path}`;
        if (forbidden.includes(key)) expectProblem(res, 403);
        else expect({ role, key, status: res.status }).not.toEqual({ role, key, status: 403 });
      }
    }
  });
});
