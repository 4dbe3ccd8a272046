import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

describe('the main flow: contact seller, reply, unread, read', () => {
  it('opens a product conversation with the auto-filled first message and counts it unread for the seller', async () => {
    const w = await newWorld();
    const created = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      topic: { type: 'product', id: 'p-1' },
      subject: 'Blue Kettle',
      product: { id: 'p-1', name: 'Blue Kettle' },
      seller: { id: 'seller-1', shopName: 'Sam’s Shop' },
      lastMessage: { seq: 1, senderId: 'cust-1', text: 'Hi, I have a question about "Blue Kettle".' },
      archived: false,
      unreadCount: 0,
    });
    expect(created.body.participants).toEqual([
      expect.objectContaining({ userId: 'cust-1', role: 'customer', unreadCount: 0, lastReadSeq: 0, lastReadAt: null }),
      expect.objectContaining({ userId: 'seller-1', role: 'seller', unreadCount: 1, lastReadSeq: 0, lastReadAt: null }),
    ]);
    expect(created.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const again = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);

    const sellerUnread = await call('GET', '/v1/unread', { token: w.seller.token });
    expect(sellerUnread.body).toEqual({ total: 1, conversations: 1 });
  });

  it('delivers a reply, moves unread counts through the stream, and clears them on read', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'Is it in stock?' });
    const reply = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: '  Yes, 3 left.  ' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({
      conversationId: id,
      seq: 2,
      senderId: 'seller-1',
      text: 'Yes, 3 left.',
    });

    await eventually(async () => {
      const unread = await call('GET', '/v1/unread', { token: w.customer.token });
      expect(unread.body).toEqual({ total: 1, conversations: 1 });
    });
    const list = await call('GET', '/v1/conversations', { token: w.customer.token });
    expect(list.body.items[0]).toMatchObject({ id, unreadCount: 1, lastMessage: { seq: 2, text: 'Yes, 3 left.' } });

    const read = await call('POST', `/v1/conversations/${id}/read`, { token: w.customer.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ unreadCount: 0, lastReadSeq: 2 });
    expect((await call('GET', '/v1/unread', { token: w.customer.token })).body).toEqual({ total: 0, conversations: 0 });

    // The seller's copy of the customer's read state follows through the stream too.
    await eventually(async () => {
      const sellersView = await call('GET', `/v1/conversations/${id}`, { token: w.seller.token });
      expect(sellersView.body.participants.find((p: { userId: string }) => p.userId === 'cust-1')).toMatchObject({
        lastReadSeq: 2,
        unreadCount: 0,
      });
    });
  });
});
