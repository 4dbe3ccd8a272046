import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

const times = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));
const statuses = (responses: Array<{ status: number }>) => responses.map((r) => r.status).sort();

describe('one conversation per (tenant, customer, seller, product/topic), under concurrent creates', () => {
  it('20 concurrent creates about a product → one conversation (one 201, others 200, same id), one first message', async () => {
    const w = await newWorld();
    const responses = await times(20, () =>
      call('POST', '/v1/conversations', { token: w.customer.token, body: { productId: w.productId } }),
    );
    expect(statuses(responses)).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const list = await call('GET', '/v1/conversations', { token: w.customer.token });
    expect(list.body.items).toHaveLength(1);
    const messages = await call('GET', `/v1/conversations/${list.body.items[0].id}/messages`, {
      token: w.customer.token,
    });
    expect(messages.body.items).toHaveLength(1);
    expect((await call('GET', '/v1/conversations', { token: w.seller.token })).body.items).toHaveLength(1);
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 1, conversations: 1 });
  });

  it('20 concurrent creates with the same message and clientMessageId → one conversation and one message', async () => {
    const w = await newWorld();
    const body = { productId: w.productId, message: 'Is this still available?', clientMessageId: 'open-once' };
    const responses = await times(20, () => call('POST', '/v1/conversations', { token: w.customer.token, body }));
    expect(statuses(responses)).toEqual([...Array(19).fill(200), 201]);
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    for (const r of responses) expect(r.body.lastMessage).toMatchObject({ seq: 1, text: body.message });
    const [id] = ids;
    const messages = await call('GET', `/v1/conversations/${id}/messages`, { token: w.seller.token });
    expect(messages.body.items).toEqual([expect.objectContaining({ seq: 1, clientMessageId: 'open-once' })]);
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 1, conversations: 1 });
  });

  it('concurrent creates from both sides of a direct pair meet in one conversation', async () => {
    const w = await newWorld();
    const friend = await w.user('cust-2');
    // Both must be known users first: opening a conversation records the opener.
    await w.openProductConversation({}, friend.token);
    await w.openProductConversation();
    const responses = await times(20, (i) =>
      call('POST', '/v1/conversations', {
        token: i % 2 ? w.customer.token : friend.token,
        body: { participantId: i % 2 ? friend.id : w.customer.id, topic: { type: 'meetup', id: 'm-1' } },
      }),
    );
    expect(statuses(responses)).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
  });

  it('concurrent creates for different products stay distinct', async () => {
    const w = await newWorld();
    await times(10, (i) =>
      call('PUT', `/v1/catalog/products/p-${i + 10}`, {
        token: w.service,
        body: { name: `Product ${i}`, sellerId: w.seller.id },
      }),
    );
    const responses = await times(10, (i) =>
      call('POST', '/v1/conversations', { token: w.customer.token, body: { productId: `p-${i + 10}` } }),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    await eventually(async () =>
      expect((await call('GET', '/v1/conversations', { token: w.seller.token })).body.items).toHaveLength(10),
    );
  });
});
