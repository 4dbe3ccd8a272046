import { describe, expect, it } from 'vitest';
import { coreRoutes, exampleCall } from '#infra/routes/index';
import { call } from '#test/support/http/client';
import { expectInvalidFields, expectProblem } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';

/** Every core route of the route list, called with its example (in conversation `id`). */
const coreCalls = (id: string) => coreRoutes.map((route) => exampleCall(route, { id }));

const KiB = 1024;

/** The routes that take a body, each with the token of a caller who may call it. */
const bodyRoutes = async () => {
  const w = await newWorld();
  const conv = await w.openProductConversation();
  return coreCalls(conv.id)
    .filter((r) => 'body' in r)
    .map((r) => ({ ...r, token: r.path.startsWith('/v1/catalog') ? w.service : w.customer.token }));
};

describe('request bodies', () => {
  it('413 over 64 KiB on every route with a body; exactly 64 KiB is accepted', async () => {
    for (const route of await bodyRoutes()) {
      const padded = (bytes: number) => {
        const base = JSON.stringify({ ...route.body, padding: '' });
        return base.replace('"padding":""', `"padding":"${'x'.repeat(bytes - base.length)}"`);
      };
      const over = await call(route.method, route.path, { token: route.token, rawBody: padded(64 * KiB + 1) });
      expectProblem(over, 413);
      // Multi-byte characters count as bytes, not characters.
      const overInUtf8 = await call(route.method, route.path, {
        token: route.token,
        rawBody: JSON.stringify({ text: 'é'.repeat(33 * KiB) }),
      });
      expectProblem(overInUtf8, 413);
      const exactly = await call(route.method, route.path, { token: route.token, rawBody: padded(64 * KiB) });
      expect(exactly.status, `${route.method} ${route.path}`).toBeLessThan(300);
    }
  });

  it('400 when the body is not JSON or not a JSON object', async () => {
    for (const route of await bodyRoutes()) {
      for (const rawBody of [
        '{',
        'not json',
        '{"a":1}}',
        '[]',
        '[{"text":"hi"}]',
        '"a string"',
        '42',
        'null',
        'true',
        '\u0000',
      ]) {
        const res = await call(route.method, route.path, { token: route.token, rawBody });
        expect({ route: route.path, rawBody, status: res.status }).toEqual({ route: route.path, rawBody, status: 400 });
        expectProblem(res, 400);
      }
    }
  });

  it('a body sent as another content type is still parsed as JSON', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const res = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.customer.token,
      rawBody: '{"text":"as octets"}',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(201);
    expect(res.body.message.text).toBe('as octets');
    const none = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.customer.token,
      rawBody: '{"text":"as text"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(none.status).toBe(201);
  });

  it('an empty body is an empty object: defaults apply, required fields are named', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    expect(
      (await call('POST', `/v1/conversations/${conv.id}/read`, { token: w.seller.token, rawBody: '' })).body,
    ).toMatchObject({ lastReadSeq: 1 });
    expectInvalidFields(
      await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, rawBody: '' }),
      ['text'],
    );
    expectInvalidFields(await call('PATCH', `/v1/conversations/${conv.id}`, { token: w.customer.token }), ['archived']);
  });

  it('unknown fields and prototype-polluting keys are ignored, never applied', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const rawBody =
      '{"text":"safe","__proto__":{"isAdmin":true,"seq":99},"constructor":{"prototype":{"x":1}},"seq":77,"senderId":"someone-else","id":"forged"}';
    const res = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, rawBody });
    expect(res.status).toBe(201);
    expect(res.body.message).toMatchObject({ text: 'safe', seq: 2, senderId: w.customer.id });
    expect(res.body.message.id).not.toBe('forged');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
