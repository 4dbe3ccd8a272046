import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { conversationIdByNumber } from '#shared/chat/items/conversation-number';
import { numberUuid } from '#shared/compat/ids';
import { tokenFor } from '#test/support/auth/tokens';
import { platformWorld } from '#test/support/compat/platform-world';
import { PLATFORM } from '#test/support/compat/public-keys';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';

/** Issue items 6 and 7: what typed clients of seeds 003 and 004 need, route by route. */
const pk = (method: string, path: string, token: string, body?: unknown) =>
  call(method, `/api/v1/chat${path}`, {
    token,
    headers: { 'x-public-key': PLATFORM.key },
    ...(body !== undefined && { body }),
  });

describe('seed 004 fidelity (item 6)', () => {
  it('takes the conversation uuid, its number and the core id on every conversation route; other UUIDs are 404', async () => {
    const w = await platformWorld();
    const created = await pk('POST', '/conversations', w.customer.token, { participant_uuid: w.seller.id });
    const { uuid } = created.body.data;
    const number = created.body.data.participants[0].pivot.conversation_id;
    expect(uuid).toBe(numberUuid('conversation', number));
    const coreId = await conversationIdByNumber(w.tenant, number);
    for (const [n, ref] of [uuid, uuid.toUpperCase(), String(number), coreId!].entries()) {
      const sent = await pk('POST', `/conversations/${ref}/messages`, w.customer.token, { text: `via ${n}` });
      expect(sent.status, ref).toBe(201);
      expect(sent.body.data).toMatchObject({ id: n + 1, conversation_uuid: uuid });
      expect((await pk('GET', `/conversations/${ref}/messages`, w.seller.token)).body.data[0].text).toBe(`via ${n}`);
    }
    for (const ref of [randomUUID(), numberUuid('conversation', 987_654_321), numberUuid('user', number)]) {
      expect((await pk('GET', `/conversations/${ref}/messages`, w.customer.token)).status, ref).toBe(404);
    }
  });

  it('lets a seller open a direct conversation with a customer, naming them by the uuid our answers give', async () => {
    const w = await platformWorld();
    const alice = `alice-${randomUUID().slice(0, 8)}`;
    const aliceToken = await tokenFor({ sub: alice, role: 'customer', tenant: w.tenant, name: 'Alice' });
    // Alice has chatted (the core knows users who have), with another shop's seller: the product's seller.
    const first = await pk('POST', '/conversations', aliceToken, { participant_uuid: w.seller.id });
    expect(first.status).toBe(201);
    const aliceUuid = first.body.data.participants[0].uuid;
    expect(aliceUuid).not.toBe(alice); // not a UUID itself: her user number as one

    const bySeller = await pk('POST', '/conversations', w.seller.token, {
      participant_uuid: aliceUuid,
      taggable_type: 'App\\Models\\Order',
      taggable_id: 55,
    });
    expect(bySeller.status).toBe(201);
    expect(bySeller.body.data).toMatchObject({ taggable_type: 'App\\Models\\Order', taggable_id: 55 });
    expect(bySeller.body.data.participants.map((p: { uuid: string }) => p.uuid)).toContain(aliceUuid);
    // The same conversation as the core's (seller, customer, order 55): Alice sees it, and by raw id it is the same.
    const again = await pk('POST', '/conversations', w.seller.token, {
      participant_uuid: alice,
      taggable_type: 'App\\Models\\Order',
      taggable_id: 55,
    });
    expect(again.body.data.uuid).toBe(bySeller.body.data.uuid);
    const aliceList = await pk('GET', '/conversations', aliceToken);
    expect(aliceList.body.data.map((c: { uuid: string }) => c.uuid)).toContain(bySeller.body.data.uuid);
    // A user uuid nobody holds is an unknown participant (422), as any unknown user id.
    const unknown = await pk('POST', '/conversations', w.seller.token, { participant_uuid: numberUuid('user', 9e12) });
    expect(unknown.status).toBe(422);
  });

  it('shows the same user number in 003 and 004 for the same user', async () => {
    const w = await platformWorld();
    await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      body: { product_id: w.productId },
    });
    const v2 = (await call('GET', '/api/v2/chat/conversations', { token: w.customer.token })).body.data[0];
    const v4 = (await pk('GET', '/conversations', w.customer.token)).body.data[0];
    const byUuid = Object.fromEntries(
      v4.participants.map((p: { uuid: string; pivot: { user_id: number } }) => [p.uuid, p.pivot.user_id]),
    );
    expect(byUuid[w.customer.id]).toBe(v2.sender_id);
    expect(Object.values(byUuid)).toContain(v2.receiver_id);
    expect(v4.taggable_id).toBe(Number(w.productId));
  });
});

describe('seed 003 fidelity (item 7)', () => {
  it('answers GET /api/v2/chat/conversations/{user_id} for the caller’s own number or id, 404 for anyone else’s', async () => {
    const w = await newWorld();
    await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      body: { product_id: w.productId },
    });
    const list = await call('GET', '/api/v2/chat/conversations', { token: w.customer.token });
    const { sender_id: me, receiver_id: seller } = list.body.data[0];
    for (const own of [String(me), w.customer.id]) {
      const res = await call('GET', `/api/v2/chat/conversations/${own}?page=1`, { token: w.customer.token });
      expect(res.status, own).toBe(200);
      expect(res.body.data).toEqual(list.body.data);
      expect(res.body.meta).toMatchObject({ total: 1, per_page: 10 });
    }
    for (const other of [String(seller), w.seller.id, '999999']) {
      const res = await call('GET', `/api/v2/chat/conversations/${other}`, { token: w.customer.token });
      expect(res.status, other).toBe(404);
      expect(res.body).toEqual({ message: 'No such resource.' });
    }
    const seller1 = await call('GET', `/api/v2/chat/conversations/${seller}`, { token: w.seller.token });
    expect(seller1.body.data).toHaveLength(1);
  });

  it('gives shop_logo an absolute URL: the shop’s own, else a placeholder image the API serves without a token', async () => {
    const w = await newWorld(); // Sam's Shop has no logo
    const created = await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      body: { product_id: w.productId },
    });
    const logo = created.body.shop_logo as string;
    expect(logo).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/chat\/placeholder\.png$/);
    const image = await fetch(logo);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));

    const withLogo = await platformWorld();
    const res = await call('POST', '/api/v2/chat/create-conversation', {
      token: withLogo.customer.token,
      body: { product_id: withLogo.productId },
    });
    expect(res.body.shop_logo).toBe('https://cdn.example.test/mary.png');
  });
});
