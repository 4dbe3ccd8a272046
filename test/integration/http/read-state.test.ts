import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { expectInvalidFields } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A conversation with five customer messages (seq 1..5), all applied by the stream. */
const withFiveUnread = async () => {
  const w = await newWorld();
  const conv = await w.openProductConversation({ message: 'm1' });
  for (let i = 2; i <= 5; i++)
    await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body: { text: `m${i}` } });
  await eventually(async () =>
    expect((await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token })).body.unreadCount).toBe(5),
  );
  const read = (body: unknown, token = w.seller.token) =>
    call('POST', `/v1/conversations/${conv.id}/read`, { token, body });
  const unread = async (token = w.seller.token) => (await call('GET', '/v1/unread', { token })).body;
  return { w, conv, read, unread };
};

describe('POST /v1/conversations/{id}/read and GET /v1/unread', () => {
  it('reads up to the latest message by default', async () => {
    const { w, conv, read, unread } = await withFiveUnread();
    expect(await unread()).toEqual({ total: 5, conversations: 1 });
    const res = await read(undefined);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unreadCount: 0, lastReadSeq: 5, lastReadAt: expect.stringMatching(ISO) });
    expect(await unread()).toEqual({ total: 0, conversations: 0 });
    const sellerSees = await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token });
    expect(sellerSees.body).toMatchObject({ unreadCount: 0 });
    expect(sellerSees.body.participants[1]).toMatchObject({ userId: w.seller.id, unreadCount: 0, lastReadSeq: 5 });
    // The other participant's copy of the read state follows from the stream (like unread counts).
    await eventually(async () => {
      const customerSees = await call('GET', `/v1/conversations/${conv.id}`, { token: w.customer.token });
      expect(customerSees.body.participants[1]).toMatchObject({
        userId: w.seller.id,
        unreadCount: 0,
        lastReadSeq: 5,
        lastReadAt: res.body.lastReadAt,
      });
    });
  });

  it('reading an older point leaves the right unread count, and never moves backwards', async () => {
    const { w, conv, read, unread } = await withFiveUnread();
    const partial = await read({ seq: 2 });
    expect(partial.body).toMatchObject({ unreadCount: 3, lastReadSeq: 2 });
    expect(await unread()).toEqual({ total: 3, conversations: 1 });
    expect((await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token })).body.unreadCount).toBe(3);

    const further = await read({ seq: 4 });
    expect(further.body).toMatchObject({ unreadCount: 1, lastReadSeq: 4 });

    const backwards = await read({ seq: 1 });
    expect(backwards.status).toBe(200);
    expect(backwards.body).toEqual(further.body);
    expect(await unread()).toEqual({ total: 1, conversations: 1 });

    const same = await read({ seq: 4 });
    expect(same.body).toEqual(further.body);
    expect((await read({ seq: 0 })).body).toEqual(further.body);
  });

  it('the reader’s own messages never count as unread for them', async () => {
    const { w, conv, read } = await withFiveUnread();
    await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.seller.token, body: { text: 'reply' } });
    await eventually(async () =>
      expect((await call('GET', `/v1/conversations/${conv.id}`, { token: w.customer.token })).body.unreadCount).toBe(1),
    );
    expect((await read({ seq: 3 })).body).toMatchObject({ unreadCount: 2, lastReadSeq: 3 });
    expect((await read({ seq: 6 })).body).toMatchObject({ unreadCount: 0, lastReadSeq: 6 });
  });

  it('a conversation without messages reads as nothing unread', async () => {
    const w = await newWorld();
    const conv = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id },
    });
    expect(conv.body.lastMessage).toBeNull();
    for (const token of [w.customer.token, w.seller.token]) {
      expect((await call('POST', `/v1/conversations/${conv.body.id}/read`, { token })).body).toEqual({
        unreadCount: 0,
        lastReadSeq: 0,
        lastReadAt: null,
      });
    }
    expectInvalidFields(
      await call('POST', `/v1/conversations/${conv.body.id}/read`, { token: w.seller.token, body: { seq: 1 } }),
      ['seq'],
    );
    expect((await call('GET', `/v1/conversations/${conv.body.id}/messages`, { token: w.seller.token })).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(
      (await call('GET', `/v1/conversations/${conv.body.id}/messages?after=0`, { token: w.seller.token })).body,
    ).toEqual({ items: [], nextCursor: null });
  });

  it('422 for a seq beyond the latest message or not a non-negative integer', async () => {
    const { read, unread } = await withFiveUnread();
    expectInvalidFields(await read({ seq: 6 }), ['seq']);
    for (const seq of [-1, 1.5, '3', null, 1e15]) expectInvalidFields(await read({ seq }), ['seq']);
    expect(await unread()).toEqual({ total: 5, conversations: 1 });
  });

  it('GET /v1/unread sums across conversations', async () => {
    const w = await newWorld();
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 0, conversations: 0 });
    const a = await w.openProductConversation({ message: 'a1' });
    await call('POST', `/v1/conversations/${a.id}/messages`, { token: w.customer.token, body: { text: 'a2' } });
    const b = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id, message: 'b1' },
    });
    await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id, topic: { type: 'order', id: '9' } },
    });
    await eventually(async () =>
      expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 3, conversations: 2 }),
    );
    await call('POST', `/v1/conversations/${b.body.id}/read`, { token: w.seller.token });
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 2, conversations: 1 });
    expect((await call('GET', '/v1/unread', { token: w.customer.token })).body).toEqual({ total: 0, conversations: 0 });
  });

  it('GET /v1/unread for an agent counts the support team’s conversations (own slot and team slot together)', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    const other = await w.user('cust-2', 'customer');
    const first = await call('POST', '/v1/support/conversations', { token: w.customer.token, body: { message: 's1' } });
    await call('POST', `/v1/conversations/${first.body.conversation.id}/messages`, {
      token: w.customer.token,
      body: { text: 's2' },
    });
    await call('POST', '/v1/support/conversations', { token: other.token, body: { message: 't1' } });
    await eventually(async () =>
      expect((await call('GET', '/v1/unread', { token: agent.token })).body).toEqual({ total: 3, conversations: 2 }),
    );
    await call('POST', `/v1/conversations/${first.body.conversation.id}/read`, { token: agent.token });
    expect((await call('GET', '/v1/unread', { token: agent.token })).body).toEqual({ total: 1, conversations: 1 });
  });
});
