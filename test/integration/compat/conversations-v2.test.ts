import { describe, expect, it } from 'vitest';
import { userNumber } from '#shared/catalog/user-number';
import { LARAVEL_TIME, platformWorld } from '#test/support/compat/platform-world';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

/** Seed 003: the Laravel (auth:sanctum) /api/v2/chat routes. */
const CONVERSATION_FIELDS = [
  'id',
  'sender_id',
  'receiver_id',
  'receiver_type',
  'shop_id',
  'shop_name',
  'shop_logo',
  'product_id',
  'title',
  'sender_viewed',
  'receiver_viewed',
  'created_at',
  'date',
];
const MESSAGE_FIELDS = [
  'id',
  'conversation_id',
  'user_id',
  'send_type',
  'message',
  'created_at',
  'year',
  'month',
  'day_of_month',
  'date',
  'time',
];
const PAGE_FIELDS = ['data', 'links', 'meta', 'success', 'status'];

const create = (token: string, body: Record<string, unknown>) =>
  call('POST', '/api/v2/chat/create-conversation', { token, body });
const insert = (token: string, body: Record<string, unknown>) =>
  call('POST', '/api/v2/chat/insert-message', { token, body });

const openWithSeller = async () => {
  const w = await platformWorld();
  const created = await create(w.customer.token, {
    product_id: Number(w.productId),
    title: 'About the kettle',
    message: 'Is it blue?',
  });
  expect(created.status).toBe(200);
  return { w, conversationId: created.body.conversation_id as number };
};

describe('seed 003 — POST /api/v2/chat/create-conversation', () => {
  it('answers success, message, conversation_id, shop_name, shop_logo and title', async () => {
    const w = await platformWorld();
    const res = await create(w.customer.token, {
      product_id: Number(w.productId),
      title: 'About the kettle',
      message: 'Is it blue?',
      user_id: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      result: true,
      success: true,
      message: 'Conversation created',
      conversation_id: expect.any(Number),
      shop_name: 'Mary’s Shop',
      shop_logo: 'https://cdn.example.test/mary.png',
      title: 'About the kettle',
    });

    // One conversation per product per customer–seller pair: a repeat answers it and appends the message.
    const again = await create(w.customer.token, {
      product_id: w.productId,
      title: 'Another title',
      message: 'Hello again',
    });
    expect(again.body).toMatchObject({ conversation_id: res.body.conversation_id, title: 'About the kettle' });
    const messages = await call('GET', `/api/v2/chat/messages/${res.body.conversation_id}`, {
      token: w.customer.token,
    });
    // Issue item 7: user ids are the tenant's user numbers (integers), whatever the token's sub looks like.
    const customer = await userNumber(w.tenant, w.customer.id);
    expect(messages.body.data.map((m: { message: string; user_id: number }) => [m.message, m.user_id])).toEqual([
      ['Hello again', customer],
      ['Is it blue?', customer],
    ]);
  });

  it('fills the first message from the product and the title from its name when they are left out', async () => {
    const w = await platformWorld();
    const res = await create(w.customer.token, { product_id: w.productId });
    expect(res.body).toMatchObject({ title: 'Blue Kettle' });
    const messages = await call('GET', `/api/v2/chat/messages/${res.body.conversation_id}`, {
      token: w.customer.token,
    });
    expect(messages.body.data[0].message).toBe('Hi, I have a question about "Blue Kettle".');
  });

  it('answers Laravel errors: 422 { message, errors }, 401 Unauthenticated., 403', async () => {
    const w = await platformWorld();
    const missing = await create(w.customer.token, {});
    expect(missing.status).toBe(422);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect(missing.body).toEqual({
      message: 'The product id field is required.',
      errors: { product_id: ['The product id field is required.'] },
    });

    const unknown = await create(w.customer.token, { product_id: 424242, message: '' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toEqual({
      message: 'The message field is required.',
      errors: { message: ['The message field is required.'] },
    });
    const unknownProduct = await create(w.customer.token, { product_id: 424242 });
    expect(unknownProduct.body).toEqual({
      message: 'The product id is not a known product.',
      errors: { product_id: ['The product id is not a known product.'] },
    });

    const anonymous = await create('', { product_id: w.productId });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ message: 'Unauthenticated.' });
    const seller = await create(w.seller.token, { product_id: w.productId });
    expect(seller.status).toBe(403);
    expect(seller.body).toEqual({ message: 'This action is unauthorized.' });
  });
});

describe('seed 003 — GET /api/v2/chat/conversations?page=', () => {
  it('lists the caller’s conversations with the documented fields, most recent first, ten per page', async () => {
    const { w, conversationId } = await openWithSeller();
    const res = await call('GET', '/api/v2/chat/conversations', { token: w.customer.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(PAGE_FIELDS);
    expect(res.body).toMatchObject({ success: true, status: 200 });
    const [conversation] = res.body.data;
    expect(Object.keys(conversation)).toEqual(CONVERSATION_FIELDS);
    const seller = await userNumber(w.tenant, w.seller.id);
    expect(conversation).toMatchObject({
      id: conversationId,
      sender_id: await userNumber(w.tenant, w.customer.id),
      receiver_id: seller,
      receiver_type: 'seller',
      shop_id: seller,
      shop_name: 'Mary’s Shop',
      shop_logo: 'https://cdn.example.test/mary.png',
      product_id: Number(w.productId),
      title: 'About the kettle',
      sender_viewed: 1,
      receiver_viewed: 0,
    });
    expect(conversation.created_at).toMatch(LARAVEL_TIME);
    expect(conversation.date).toMatch(LARAVEL_TIME);
    const url = res.body.meta.path;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/chat\/conversations$/);
    expect(res.body.links).toEqual({ first: `${url}?page=1`, last: `${url}?page=1`, prev: null, next: null });
    expect(res.body.meta).toEqual({ current_page: 1, from: 1, last_page: 1, path: url, per_page: 10, to: 1, total: 1 });
  });

  it('pages by number, and lists only product conversations (a support room is not shown)', async () => {
    const w = await newWorld();
    for (let n = 1; n <= 11; n++) {
      expect(
        (
          await call('PUT', `/v1/catalog/products/p-${n}`, {
            token: w.service,
            body: { name: `Thing ${n}`, sellerId: w.seller.id },
          })
        ).status,
      ).toBe(200);
      expect((await create(w.customer.token, { product_id: `p-${n}` })).status).toBe(200);
    }
    const room = await call('POST', '/api/v1/chat/startChat', {
      token: w.customer.token,
      body: { type: 'agent-to-user', order_id: 77, order_vendor_id: 1 },
    });
    expect(room.status).toBe(200);

    // Issue item 7: the agent-to-user room (other party: the support team, which has no user number) used to be
    // listed with receiver_id "support" and failed the app's whole list; now only product conversations are.
    const first = await eventually(async () => {
      const page = await call('GET', '/api/v2/chat/conversations?page=1', { token: w.customer.token });
      expect(page.body.meta.total).toBe(11);
      return page.body;
    });
    expect(first.data.map((c: { id: number }) => c.id)).not.toContain(Number(room.body.roomData.room_id));
    expect(first.data).toHaveLength(10);
    expect(first.data[0]).toMatchObject({
      receiver_type: 'seller',
      shop_name: 'Sam’s Shop',
      product_id: null,
      title: 'Thing 11',
    });
    expect(first.data[0].shop_logo).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/chat\/placeholder\.png$/);
    expect(first.meta).toMatchObject({ current_page: 1, last_page: 2, per_page: 10, total: 11, from: 1, to: 10 });
    expect(first.links.next).toBe(`${first.meta.path}?page=2`);

    const second = await call('GET', '/api/v2/chat/conversations?page=2', { token: w.customer.token });
    expect(second.body.data).toHaveLength(1);
    expect(second.body.meta).toMatchObject({ current_page: 2, from: 11, to: 11, total: 11 });
    expect(second.body.links).toMatchObject({ prev: `${first.meta.path}?page=1`, next: null });
    const ids = [...first.data, ...second.body.data].map((c: { id: number }) => c.id);
    expect(new Set(ids).size).toBe(11);

    const beyond = await call('GET', '/api/v2/chat/conversations?page=3', { token: w.customer.token });
    expect(beyond.body.data).toEqual([]);
    const bad = await call('GET', '/api/v2/chat/conversations?page=zero', { token: w.customer.token });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      message: 'The page field must be an integer.',
      errors: { page: ['The page field must be an integer.'] },
    });
  });
});

describe('seed 003 — GET /api/v2/chat/messages/{id}?page=', () => {
  it('pages messages newest first with the documented fields, and viewing them sets receiver_viewed', async () => {
    const { w, conversationId } = await openWithSeller();
    for (let n = 2; n <= 11; n++) {
      const token = n % 2 ? w.customer.token : w.seller.token;
      expect((await insert(token, { conversation_id: conversationId, message: `message ${n}` })).status).toBe(200);
    }
    const res = await call('GET', `/api/v2/chat/messages/${conversationId}`, { token: w.customer.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(PAGE_FIELDS);
    expect(res.body.data.map((m: { id: number }) => m.id)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    const [newest] = res.body.data;
    expect(Object.keys(newest)).toEqual(MESSAGE_FIELDS);
    expect(newest).toMatchObject({
      id: 11,
      conversation_id: conversationId,
      user_id: await userNumber(w.tenant, w.customer.id),
      send_type: 'customer',
      message: 'message 11',
    });
    expect(res.body.data[1]).toMatchObject({
      id: 10,
      user_id: await userNumber(w.tenant, w.seller.id),
      send_type: 'seller',
    });
    expect(newest.created_at).toMatch(LARAVEL_TIME);
    const at = new Date(newest.created_at.replace(/(\.\d{3})\d{3}Z$/, '$1Z'));
    expect(newest.year).toBe(String(at.getUTCFullYear()));
    expect(newest.month).toBe(String(at.getUTCMonth() + 1).padStart(2, '0'));
    expect(newest.day_of_month).toMatch(/^\d\d-[A-Z][a-z]{2}$/);
    expect(newest.date).toMatch(/^[A-Z][a-z]+ \d\d, \d{4}$/);
    expect(newest.time).toMatch(/^\d\d:\d\d (am|pm)$/);
    expect(res.body.meta).toMatchObject({ current_page: 1, last_page: 2, per_page: 10, total: 11, from: 1, to: 10 });

    const second = await call('GET', `/api/v2/chat/messages/${conversationId}?page=2`, { token: w.customer.token });
    expect(second.body.data.map((m: { id: number; message: string }) => [m.id, m.message])).toEqual([
      [1, 'Is it blue?'],
    ]);

    // The seller has not looked yet: receiver_viewed 0. Viewing page 1 reads the conversation.
    const before = await eventually(async () => {
      const list = await call('GET', '/api/v2/chat/conversations', { token: w.customer.token });
      expect(list.body.data[0]).toMatchObject({ id: conversationId, receiver_viewed: 0 });
      return list;
    });
    expect(before.body.data[0].sender_viewed).toBe(1);
    await call('GET', `/api/v2/chat/messages/${conversationId}`, { token: w.seller.token });
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 0, conversations: 0 });
    // The customer's copy of the seller's read state follows through the stream.
    await eventually(async () => {
      const after = await call('GET', '/api/v2/chat/conversations', { token: w.customer.token });
      expect(after.body.data[0]).toMatchObject({ sender_viewed: 1, receiver_viewed: 1 });
    });
  });

  it('accepts the conversation id of the core API too, and hides conversations from non-participants', async () => {
    const w = await newWorld();
    const core = await w.openProductConversation({ message: 'From the core API' });
    const res = await call('GET', `/api/v2/chat/messages/${core.id}`, { token: w.seller.token });
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toMatchObject({
      id: 1,
      message: 'From the core API',
      user_id: await userNumber(w.tenant, 'cust-1'),
      send_type: 'customer',
    });

    const stranger = await w.user('stranger');
    const hidden = await call('GET', `/api/v2/chat/messages/${res.body.data[0].conversation_id}`, {
      token: stranger.token,
    });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ message: 'No such resource.' });
    expect((await call('GET', '/api/v2/chat/messages/99999999', { token: w.customer.token })).status).toBe(404);
  });
});

describe('seed 003 — POST /api/v2/chat/insert-message', () => {
  it('answers the created message as a one-item collection, as the caller (user_id in the body is ignored)', async () => {
    const { w, conversationId } = await openWithSeller();
    const res = await insert(w.seller.token, {
      conversation_id: conversationId,
      message: '  Yes, it is blue.  ',
      user_id: 1,
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(PAGE_FIELDS);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      id: 2,
      conversation_id: conversationId,
      user_id: await userNumber(w.tenant, w.seller.id),
      send_type: 'seller',
      message: 'Yes, it is blue.',
    });
    expect(res.body.meta).toMatchObject({ current_page: 1, per_page: 1, total: 1 });

    // The customer has a new message: sender_viewed drops to 0, until the customer answers (the document's rule).
    await eventually(async () => {
      const list = await call('GET', '/api/v2/chat/conversations', { token: w.customer.token });
      expect(list.body.data[0]).toMatchObject({ sender_viewed: 0, receiver_viewed: 1 });
    });
    await insert(w.customer.token, { conversation_id: conversationId, message: 'Great, thanks' });
    const list = await call('GET', '/api/v2/chat/conversations', { token: w.customer.token });
    expect(list.body.data[0]).toMatchObject({ sender_viewed: 1 });
  });

  it('stores a retried message once when it carries a client_message_id', async () => {
    const { w, conversationId } = await openWithSeller();
    const body = { conversation_id: conversationId, message: 'Only once', client_message_id: 'app-msg-1' };
    const [a, b] = await Promise.all([insert(w.customer.token, body), insert(w.customer.token, body)]);
    expect(a.body.data[0].id).toBe(b.body.data[0].id);
    const all = await call('GET', `/api/v2/chat/messages/${conversationId}`, { token: w.customer.token });
    expect(all.body.data.filter((m: { message: string }) => m.message === 'Only once')).toHaveLength(1);
  });

  it('rejects bad input in Laravel’s shape and non-participants with 404', async () => {
    const { w, conversationId } = await openWithSeller();
    const empty = await insert(w.customer.token, { conversation_id: conversationId, message: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.body).toEqual({
      message: 'The message field is required.',
      errors: { message: ['The message field is required.'] },
    });
    const both = await insert(w.customer.token, {});
    expect(both.body.message).toBe('The conversation id field is required. (and 1 more error)');
    expect(Object.keys(both.body.errors)).toEqual(['conversation_id', 'message']);
    const stranger = await w.user();
    expect((await insert(stranger.token, { conversation_id: conversationId, message: 'hi' })).status).toBe(404);
  });
});

describe('seed 003 — GET /api/v2/chat/get-new-messages/{conversation_id}/{last_message_id}', () => {
  it('returns the messages after last_message_id, most recent first, and nothing when there is nothing new', async () => {
    const { w, conversationId } = await openWithSeller();
    for (const text of ['two', 'three', 'four'])
      await insert(w.seller.token, { conversation_id: conversationId, message: text });
    const res = await call('GET', `/api/v2/chat/get-new-messages/${conversationId}/1`, { token: w.customer.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(PAGE_FIELDS);
    expect(res.body.data.map((m: { id: number; message: string }) => [m.id, m.message])).toEqual([
      [4, 'four'],
      [3, 'three'],
      [2, 'two'],
    ]);
    expect(Object.keys(res.body.data[0])).toEqual(MESSAGE_FIELDS);
    expect(res.body.meta).toMatchObject({ total: 3, last_page: 1 });

    const nothing = await call('GET', `/api/v2/chat/get-new-messages/${conversationId}/4`, { token: w.customer.token });
    expect(nothing.status).toBe(200);
    expect(nothing.body).toMatchObject({ data: [], success: true, status: 200 });

    // What the poll showed is read.
    expect((await call('GET', '/v1/unread', { token: w.customer.token })).body).toEqual({ total: 0, conversations: 0 });
  });

  it('never skips a message: polling from the highest id seen gets every message exactly once, in order', async () => {
    const { w, conversationId } = await openWithSeller();
    const seen: number[] = [1];
    const sends = Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        insert(i % 2 ? w.seller.token : w.customer.token, { conversation_id: conversationId, message: `m${i}` }),
      ),
    );
    const poll = async () => {
      const res = await call('GET', `/api/v2/chat/get-new-messages/${conversationId}/${Math.max(...seen)}`, {
        token: w.seller.token,
      });
      const ids = res.body.data.map((m: { id: number }) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      seen.push(...ids.reverse());
    };
    while (seen.length < 13) {
      await poll();
      await Promise.race([sends, new Promise((r) => setTimeout(r, 20))]);
    }
    await sends;
    await poll();
    expect(seen).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('hides conversations from non-participants and other tenants', async () => {
    const { w, conversationId } = await openWithSeller();
    const stranger = await w.user();
    expect(
      (await call('GET', `/api/v2/chat/get-new-messages/${conversationId}/0`, { token: stranger.token })).status,
    ).toBe(404);
    const other = await newWorld();
    const outsider = await other.user(w.customer.id);
    expect(
      (await call('GET', `/api/v2/chat/get-new-messages/${conversationId}/0`, { token: outsider.token })).status,
    ).toBe(404);
    expect(
      (await call('GET', `/api/v2/chat/get-new-messages/${conversationId}/x`, { token: w.customer.token })).status,
    ).toBe(404);
  });
});
