import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { expectInvalidFields, expectProblem } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((c) => c.id);

describe('GET /v1/conversations, GET and PATCH /v1/conversations/{id}', () => {
  it('lists the caller’s conversations, most recent activity first; a new message moves one to the top for both sides', async () => {
    const w = await newWorld();
    const order = (n: number) =>
      call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: w.seller.id, topic: { type: 'order', id: `o-${n}` }, message: `order ${n}` },
      });
    const a = (await order(1)).body;
    const b = (await order(2)).body;
    const c = (await order(3)).body;
    const list = await call('GET', '/v1/conversations', { token: w.customer.token });
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([c.id, b.id, a.id]);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items[0]).toEqual(
      (await call('GET', `/v1/conversations/${c.id}`, { token: w.customer.token })).body,
    );

    await call('POST', `/v1/conversations/${a.id}/messages`, { token: w.seller.token, body: { text: 'shipped' } });
    for (const token of [w.customer.token, w.seller.token]) {
      await eventually(async () =>
        expect(ids(await call('GET', '/v1/conversations', { token }))).toEqual([a.id, c.id, b.id]),
      );
    }
    const top = (await call('GET', '/v1/conversations', { token: w.customer.token })).body.items[0];
    expect(top).toMatchObject({ unreadCount: 1, lastMessage: { seq: 2, text: 'shipped', senderId: w.seller.id } });
    expect(top.updatedAt).toBe(top.lastMessage.createdAt);
    expect(ids(await call('GET', '/v1/conversations', { token: (await w.user('cust-2')).token }))).toEqual([]);
  });

  it('GET one: the caller’s own archived flag and unread count', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hi' });
    const customerView = await call('GET', `/v1/conversations/${conv.id}`, { token: w.customer.token });
    const sellerView = await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token });
    expect(customerView.status).toBe(200);
    expect(customerView.body).toMatchObject({ id: conv.id, unreadCount: 0, archived: false });
    expect(sellerView.body).toMatchObject({ id: conv.id, unreadCount: 1, archived: false });
    expect(sellerView.body.participants).toEqual(customerView.body.participants);
    expectProblem(await call('GET', '/v1/conversations/does-not-exist', { token: w.customer.token }), 404);
  });

  it('archiving is per participant and filters the list; a new message un-archives it for the recipient, not the sender', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const other = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id },
    });

    const archived = await call('PATCH', `/v1/conversations/${conv.id}`, {
      token: w.customer.token,
      body: { archived: true },
    });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: conv.id, archived: true });
    expect(ids(await call('GET', '/v1/conversations', { token: w.customer.token }))).toEqual([other.body.id]);
    expect(ids(await call('GET', '/v1/conversations?archived=false', { token: w.customer.token }))).toEqual([
      other.body.id,
    ]);
    expect(ids(await call('GET', '/v1/conversations?archived=true', { token: w.customer.token }))).toEqual([conv.id]);
    expect((await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token })).body.archived).toBe(false);
    expect(ids(await call('GET', '/v1/conversations?archived=true', { token: w.seller.token }))).toEqual([]);

    // The seller archives too, then replies: the customer (recipient) gets it back, the seller (sender) keeps it archived.
    await call('PATCH', `/v1/conversations/${conv.id}`, { token: w.seller.token, body: { archived: true } });
    await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.seller.token,
      body: { text: 'Still interested?' },
    });
    await eventually(async () => {
      const view = await call('GET', `/v1/conversations/${conv.id}`, { token: w.customer.token });
      expect(view.body).toMatchObject({ archived: false, unreadCount: 1, lastMessage: { seq: 2 } });
    });
    expect(ids(await call('GET', '/v1/conversations', { token: w.customer.token }))).toEqual([conv.id, other.body.id]);
    expect(ids(await call('GET', '/v1/conversations?archived=true', { token: w.customer.token }))).toEqual([]);
    await eventually(async () => {
      const view = await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token });
      expect(view.body).toMatchObject({ archived: true, lastMessage: { seq: 2 } });
    });
    expect(ids(await call('GET', '/v1/conversations?archived=true', { token: w.seller.token }))).toEqual([conv.id]);

    const unarchived = await call('PATCH', `/v1/conversations/${conv.id}`, {
      token: w.seller.token,
      body: { archived: false },
    });
    expect(unarchived.body.archived).toBe(false);
    expect(ids(await call('GET', '/v1/conversations', { token: w.seller.token }))).toEqual([conv.id, other.body.id]);
    // Archiving twice is harmless.
    for (let i = 0; i < 2; i++)
      expect(
        (await call('PATCH', `/v1/conversations/${conv.id}`, { token: w.seller.token, body: { archived: true } })).body
          .archived,
      ).toBe(true);
  });

  it('422 for a bad PATCH body or list query', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    expectInvalidFields(await call('PATCH', `/v1/conversations/${conv.id}`, { token: w.customer.token, body: {} }), [
      'archived',
    ]);
    expectInvalidFields(
      await call('PATCH', `/v1/conversations/${conv.id}`, { token: w.customer.token, body: { archived: 'true' } }),
      ['archived'],
    );
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=2.5', 'limit=-1', 'limit=1e9']) {
      expectInvalidFields(await call('GET', `/v1/conversations?${query}`, { token: w.customer.token }), ['limit']);
    }
    expectInvalidFields(await call('GET', '/v1/conversations?archived=yes', { token: w.customer.token }), ['archived']);
    expectInvalidFields(await call('GET', '/v1/conversations?cursor=not-a-cursor', { token: w.customer.token }), [
      'cursor',
    ]);
  });
});
