import { describe, expect, it } from 'vitest';
import { tokenFor } from '#test/support/auth/tokens';
import { platformWorld } from '#test/support/compat/platform-world';
import { PLATFORM } from '#test/support/compat/public-keys';
import { call } from '#test/support/http/client';
import { expectInvalidFields, expectProblem } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';

/** API.md "Who may open what": one rule (shared/auth/roles.ts OPENERS) on every opening path. */
const open = (token: string, body: Record<string, unknown>) => call('POST', '/v1/conversations', { token, body });
const listed = async (token: string) =>
  (await call('GET', '/v1/conversations', { token })).body.items.map((c: { id: string }) => c.id) as string[];
/** Participants as a set: the opener comes first in display order, so which side opened must not matter otherwise. */
const people = (conversation: { participants: Array<{ userId: string; role: string; name?: string }> }) =>
  conversation.participants
    .map(({ userId, role, name }) => ({ userId, role, name }))
    .sort((a, b) => a.userId.localeCompare(b.userId));

describe('guests', () => {
  it('open product and support conversations, never one with a user id: 403 before any lookup, nothing created', async () => {
    const w = await newWorld();
    const guest = await w.user('guest_1', 'guest', { name: 'Gina' });
    for (const participantId of [w.seller.id, w.customer.id, 'nobody-at-all']) {
      const refused = expectProblem(await open(guest.token, { participantId, message: 'Hello there' }), 403);
      // The same answer for a known and an unknown id: it tells nothing about who exists.
      expect(refused.detail).toBe(
        'Only customers and sellers open conversations with another user; guests may contact a seller about a product, or support.',
      );
    }
    expect(await listed(guest.token)).toEqual([]);
    expect(await listed(w.seller.token)).toEqual([]);

    expect((await open(guest.token, { productId: w.productId, message: 'Is it in stock?' })).status).toBe(201);
    const support = await call('POST', '/v1/support/conversations', { token: guest.token, body: { message: 'Hi' } });
    expect(support.status).toBe(201);
  });
});

describe('sellers', () => {
  it('open a conversation with a customer; either side reaches the same one per topic, with the same participants', async () => {
    const w = await newWorld();
    await w.openProductConversation(); // the customer has used the chat: a known user
    const order = { type: 'order', id: 'o-9' };

    const bySeller = await open(w.seller.token, {
      participantId: w.customer.id,
      topic: order,
      message: 'Your parcel left today.',
    });
    expect(bySeller.status).toBe(201);
    expect(bySeller.body).toMatchObject({
      topic: order,
      subject: 'order o-9',
      seller: { id: w.seller.id, shopName: 'Sam’s Shop' },
      product: null,
      lastMessage: { seq: 1, senderId: w.seller.id, text: 'Your parcel left today.' },
    });
    const byCustomer = await open(w.customer.token, { participantId: w.seller.id, topic: order });
    expect([byCustomer.status, byCustomer.body.id]).toEqual([200, bySeller.body.id]);

    // The other way round, about another order: the customer first, then the seller finds it.
    const other = { type: 'order', id: 'o-10' };
    const customerFirst = await open(w.customer.token, { participantId: w.seller.id, topic: other });
    expect(customerFirst.status).toBe(201);
    const sellerSecond = await open(w.seller.token, { participantId: w.customer.id, topic: other, message: 'On it.' });
    expect([sellerSecond.status, sellerSecond.body.id]).toEqual([200, customerFirst.body.id]);
    // Whoever opened, the seller is the directory's shop and the participants are the same.
    expect(customerFirst.body.seller).toEqual(bySeller.body.seller);
    expect(people(customerFirst.body)).toEqual(people(bySeller.body));
    expect(people(bySeller.body)).toEqual([
      { userId: w.customer.id, role: 'customer', name: 'Cora Customer' },
      { userId: w.seller.id, role: 'seller', name: 'Sam’s Shop' },
    ]);
    expect((await listed(w.customer.token)).sort()).toEqual([...(await listed(w.seller.token))].sort());
  });

  it('may not ask about a product (403), nor open one with another shop, a guest or an unknown id (422)', async () => {
    const w = await newWorld();
    expectProblem(await open(w.seller.token, { productId: w.productId }), 403);
    const shop = await call('PUT', '/v1/catalog/sellers/seller-2', {
      token: w.service,
      body: { shopName: 'Other Shop', email: 'other@example.test' },
    });
    expect(shop.status).toBe(200);
    const guest = await w.user('guest_2', 'guest');
    expect((await open(guest.token, { productId: w.productId })).status).toBe(201); // a guest who has chatted
    for (const participantId of ['seller-2', guest.id, 'nobody-at-all'])
      expectInvalidFields(await open(w.seller.token, { participantId }), ['participantId']);
    expect(await listed(w.seller.token)).toHaveLength(1); // the guest's product conversation only
  });
});

describe('every opening path follows the one rule', () => {
  it('agents and services open nothing; the dialects answer as the core does, in their own bodies', async () => {
    const w = await newWorld();
    await w.openProductConversation();
    for (const role of ['agent', 'service'] as const) {
      const { token } = await w.user(`x-${role}`, role);
      expectProblem(await open(token, { participantId: w.customer.id }), 403);
      expectProblem(await open(token, { productId: w.productId }), 403);
    }
    const guest = await w.user('guest_3', 'guest');
    const room = (token: string, type: string) =>
      call('POST', '/api/v1/chat/startChat', {
        token,
        body: { type, order_id: 5, order_vendor_id: 2, vendor_id: w.seller.id },
      });
    // 001: a vendor-to-user room is a direct conversation (guests 403); agent-to-user is support (guests welcome).
    expect((await room(guest.token, 'vendor-to-user')).body).toMatchObject({ status: 403 });
    expect((await room(guest.token, 'agent-to-user')).status).toBe(200);
    expect((await room(w.customer.token, 'vendor-to-user')).status).toBe(200);
    // 003: a product conversation (sellers 403); 000: support (sellers 403).
    const v2 = (token: string) =>
      call('POST', '/api/v2/chat/create-conversation', { token, body: { product_id: w.productId } });
    expect((await v2(guest.token)).status).toBe(200);
    expect((await v2(w.seller.token)).body).toEqual({ message: 'This action is unauthorized.' });
    const newChat = await call('POST', '/api/v1/chat/newChat', { token: w.seller.token, body: { message: 'x' } });
    expect(newChat.body).toMatchObject({ success: false, status_code: 403 });
  });

  it('004: customers and sellers (with their customers) open direct conversations, guests 403', async () => {
    const pk = (token: string, body: Record<string, unknown>) =>
      call('POST', '/api/v1/chat/conversations', { token, headers: { 'x-public-key': PLATFORM.key }, body });
    const w = await platformWorld();
    const first = await pk(w.customer.token, { participant_uuid: w.seller.id });
    expect(first.status).toBe(201);
    const bySeller = await pk(w.seller.token, { participant_uuid: w.customer.id });
    expect([bySeller.status, bySeller.body.data.uuid]).toEqual([201, first.body.data.uuid]);
    const guest = await tokenFor({ sub: `guest_${w.customer.id}`, role: 'guest', tenant: w.tenant });
    const asGuest = await pk(guest, { participant_uuid: w.seller.id });
    expect([asGuest.status, asGuest.body]).toEqual([403, { message: 'This action is unauthorized.' }]);
  });
});
