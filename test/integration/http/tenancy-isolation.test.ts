import { describe, expect, it } from 'vitest';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';

/** Every route that names a conversation, with a body a participant could send. */
const conversationRoutes = (id: string) => [
  { method: 'GET', path: `/v1/conversations/${id}` },
  { method: 'PATCH', path: `/v1/conversations/${id}`, body: { archived: true } },
  { method: 'POST', path: `/v1/conversations/${id}/read`, body: {} },
  { method: 'POST', path: `/v1/conversations/${id}/read`, body: { seq: 1 } },
  {
    method: 'POST',
    path: `/v1/conversations/${id}/messages`,
    body: { text: 'let me in', clientMessageId: 'intruder-1' },
  },
  { method: 'GET', path: `/v1/conversations/${id}/messages` },
  { method: 'GET', path: `/v1/conversations/${id}/messages?after=0` },
  { method: 'GET', path: `/v1/conversations/${id}/messages?before=2` },
  { method: 'GET', path: `/v1/conversations/${id}/messages?before=1` },
];

describe('only participants see a conversation; tenants never see each other', () => {
  it('a non-participant of the same tenant, any role, gets 404 problem+json on every conversation route, and changes nothing', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'private' });
    const before = await call('GET', `/v1/conversations/${conv.id}`, { token: w.customer.token });
    const outsiders = [
      await w.user('cust-2', 'customer'),
      await w.user('seller-2', 'seller'),
      await w.user('agent-1', 'agent'),
      await w.user('guest-1', 'guest'),
    ];
    for (const outsider of outsiders) {
      for (const route of conversationRoutes(conv.id)) {
        const res = await call(route.method, route.path, {
          token: outsider.token,
          ...(route.body && { body: route.body }),
        });
        expect({ who: outsider.id, route: `${route.method} ${route.path}`, status: res.status }).toEqual({
          who: outsider.id,
          route: `${route.method} ${route.path}`,
          status: 404,
        });
        expectProblem(res, 404);
      }
      expect((await call('GET', '/v1/conversations', { token: outsider.token })).body.items).toEqual([]);
      expect((await call('GET', '/v1/conversations?archived=true', { token: outsider.token })).body.items).toEqual([]);
      expect((await call('GET', '/v1/unread', { token: outsider.token })).body).toEqual({ total: 0, conversations: 0 });
    }
    const after = await call('GET', `/v1/conversations/${conv.id}`, { token: w.customer.token });
    expect(after.body).toEqual(before.body);
    expect(
      (await call('GET', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token })).body.items,
    ).toHaveLength(1);
  });

  it('the same user id in another tenant gets 404 everywhere and lists only its own tenant', async () => {
    const a = await newWorld();
    const b = await newWorld();
    const convA = await a.openProductConversation({ message: 'tenant A only' });
    const convB = await b.openProductConversation({ message: 'tenant B only' });
    // Same user ids (cust-1, seller-1) and product id (p-1) in both tenants, yet different conversations.
    expect(convA.id).not.toBe(convB.id);
    for (const [token, foreign] of [
      [b.customer.token, convA.id],
      [b.seller.token, convA.id],
      [a.customer.token, convB.id],
      [a.seller.token, convB.id],
    ] as const) {
      for (const route of conversationRoutes(foreign)) {
        expectProblem(await call(route.method, route.path, { token, ...(route.body && { body: route.body }) }), 404);
      }
    }
    for (const [world, own] of [
      [a, convA.id],
      [b, convB.id],
    ] as const) {
      for (const token of [world.customer.token, world.seller.token]) {
        expect((await call('GET', '/v1/conversations', { token })).body.items.map((c: { id: string }) => c.id)).toEqual(
          [own],
        );
      }
    }
    // A token without a tenant claim is the `default` tenant, which sees neither.
    const defaultTenant = await tokenFor({ sub: 'cust-1', role: 'customer' });
    expectProblem(await call('GET', `/v1/conversations/${convA.id}`, { token: defaultTenant }), 404);
    // Each tenant's log holds only its own messages.
    const messagesA = await call('GET', `/v1/conversations/${convA.id}/messages`, { token: a.customer.token });
    expect(messagesA.body.items.map((m: { text: string }) => m.text)).toEqual(['tenant A only']);
  });

  it('an agent of the tenant is not a participant of product conversations', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const agent = await w.user('agent-7', 'agent');
    expectProblem(await call('GET', `/v1/conversations/${conv.id}`, { token: agent.token }), 404);
    expectProblem(
      await call('POST', `/v1/conversations/${conv.id}/messages`, { token: agent.token, body: { text: 'hi' } }),
      404,
    );
  });
});
