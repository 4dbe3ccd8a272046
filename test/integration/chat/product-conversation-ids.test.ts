import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Identity } from '#shared/auth/identity';
import { putProduct } from '#shared/catalog/directory';
import { type ProductItem, productItem } from '#shared/catalog/items/product';
import { deleteSeller } from '#shared/catalog/items/seller';
import { getHead } from '#shared/chat/items/head';
import { openConversation } from '#shared/chat/open-conversation';
import { productConversationPlan } from '#shared/chat/opening-plans';
import { deterministicId } from '#shared/ids';
import { db } from '#shared/table/client';
import { keys, userMember } from '#shared/table/keys';
import { interleave } from '#test/support/dynamo/faults';
import { call } from '#test/support/http/client';
import { expectInvalidFields } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

type World = Awaited<ReturnType<typeof newWorld>>;

const open = (w: World, body: Record<string, unknown> = {}, token = w.customer.token) =>
  call('POST', '/v1/conversations', { token, body: { productId: w.productId, ...body } });

const putSeller = async (w: World, sellerId: string, body: Record<string, unknown>) =>
  expect((await call('PUT', `/v1/catalog/sellers/${sellerId}`, { token: w.service, body })).status).toBe(200);

/** The storefront gives the product to another seller (or back). */
const moveProduct = async (w: World, sellerId: string) =>
  expect(
    (
      await call('PUT', `/v1/catalog/products/${w.productId}`, {
        token: w.service,
        body: { name: 'Blue Kettle', sellerId },
      })
    ).status,
  ).toBe(200);

const withSecondSeller = async (w: World) => {
  await putSeller(w, 'seller-2', { shopName: 'Second Shop', email: 'second@example.test' });
  return { id: 'seller-2', token: (await w.user('seller-2', 'seller')).token };
};

const rawProduct = async (tenant: string, productId: string) =>
  (
    await db().send(
      new GetCommand({
        TableName: process.env.TABLE_NAME!,
        Key: keys.product(tenant, productId),
        ConsistentRead: true,
      }),
    )
  ).Item as ProductItem | undefined;

const customerOf = (w: World): Identity => ({
  userId: w.customer.id,
  role: 'customer',
  tenant: w.tenant,
  name: 'Cora Customer',
  email: 'cora@example.test',
});

/** The id every product conversation had in earlier releases, and a conversation with another seller has now. */
const sellerSpecificId = (w: World, sellerId: string) =>
  deterministicId(w.tenant, 'product', w.customer.id, sellerId, w.productId);

/** Opens the conversation as earlier releases did: the same items, at the seller-specific id. */
const openAsBefore = async (w: World, message: string) => {
  const identity = customerOf(w);
  const plan = await productConversationPlan(identity, { productId: w.productId, message });
  const id = sellerSpecificId(w, plan.other.userId);
  const { round: _, elsewhere: __, madeUnder: ___, ...before } = plan;
  return openConversation(identity, { ...before, snapshot: { ...plan.snapshot, id } });
};

const conversationsOf = async (token: string) =>
  (await call('GET', '/v1/conversations', { token })).body.items as Array<{ id: string; seller: { id: string } }>;

describe('"Contact seller": one conversation per (tenant, customer, seller, product), found in the first round', () => {
  it('a product that changed hands opens a conversation with its new seller, and each seller’s is found again', async () => {
    const w = await newWorld();
    const first = await open(w);
    expect(first.status).toBe(201);
    const second = await withSecondSeller(w);
    await moveProduct(w, second.id);

    const withNew = await open(w, { message: 'Are you the new owner?' });
    expect(withNew.status).toBe(201);
    expect(withNew.body).toMatchObject({ seller: { id: 'seller-2', shopName: 'Second Shop' } });
    expect(withNew.body.id).not.toBe(first.body.id);
    expect((await open(w)).body).toMatchObject({ id: withNew.body.id });

    // Back and forth: each seller's conversation is the one found, with a message appended where it belongs.
    await moveProduct(w, w.seller.id);
    const back = await open(w, { message: 'Hello again' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ id: first.body.id, lastMessage: { seq: 2, text: 'Hello again' } });
    await moveProduct(w, second.id);
    expect((await open(w)).body.id).toBe(withNew.body.id);

    await eventually(async () => {
      expect((await conversationsOf(w.seller.token)).map((c) => c.id)).toEqual([first.body.id]);
      expect((await conversationsOf(second.token)).map((c) => c.id)).toEqual([withNew.body.id]);
    });
    expect(new Set((await conversationsOf(w.customer.token)).map((c) => c.id)).size).toBe(2);
  });

  it('a conversation stored by an earlier release is found, also with a message and its retry, and never duplicated', async () => {
    const w = await newWorld();
    const before = await openAsBefore(w, 'Opened by the earlier release');
    const id = before.member.conversationId;
    expect(id).toBe(sellerSpecificId(w, w.seller.id));

    expect((await open(w)).body).toMatchObject({ id, lastMessage: { seq: 1 } });
    const body = { message: 'Still available?', clientMessageId: 'after-upgrade' };
    const appended = await open(w, body);
    const retried = await open(w, body);
    expect(appended.status).toBe(200);
    expect([appended.body.lastMessage, retried.body.lastMessage]).toEqual([
      expect.objectContaining({ seq: 2, text: 'Still available?' }),
      appended.body.lastMessage,
    ]);
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => open(w)));
    expect(concurrent.map((r) => [r.status, r.body.id])).toEqual(Array(8).fill([200, id]));

    // Nothing was created at the new id, and the customer has one conversation.
    expect(await getHead(w.tenant, deterministicId(w.tenant, 'product', w.customer.id, w.productId))).toBeUndefined();
    expect((await conversationsOf(w.customer.token)).map((c) => c.id)).toEqual([id]);
    const messages = await call('GET', `/v1/conversations/${id}/messages`, { token: w.seller.token });
    expect(messages.body.items.map((m: { text: string }) => m.text)).toEqual([
      'Still available?',
      'Opened by the earlier release',
    ]);
  });

  it('concurrent opens while the product changes hands end in at most one conversation per seller', async () => {
    const w = await newWorld();
    const second = await withSecondSeller(w);
    const opens = Array.from({ length: 12 }, (_, i) => open(w, { message: `try ${i}`, clientMessageId: `try-${i}` }));
    await moveProduct(w, second.id);
    const replies = await Promise.all(opens);
    expect(replies.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    // Every reply names the conversation of the seller it was opened with: one per seller.
    const bySeller = new Map<string, Set<string>>();
    for (const r of replies)
      bySeller.set(r.body.seller.id, (bySeller.get(r.body.seller.id) ?? new Set()).add(r.body.id));
    for (const ids of bySeller.values()) expect(ids.size).toBe(1);
    const now = await open(w);
    expect(now.body.seller.id).toBe('seller-2');
    const mine = await conversationsOf(w.customer.token);
    expect(mine.filter((c) => c.seller.id === 'seller-2').map((c) => c.id)).toEqual([now.body.id]);
    expect(mine.filter((c) => c.seller.id === 'seller-1').length).toBeLessThanOrEqual(1);
    expect([...replies, now].filter((r) => r.status === 201).length).toBe(mine.length);
  });

  it('an opening that loses the first id to the product’s new seller goes on at its seller-specific id', async () => {
    const w = await newWorld();
    const second = await withSecondSeller(w);
    const identity = customerOf(w);
    // Planned while the product is the first seller's; before its create is sent, the product moves and the same
    // customer contacts the new seller, which takes the first id.
    const plan = await productConversationPlan(identity, { productId: w.productId, message: 'For the first seller' });
    let taken: { id: string } | undefined;
    const restore = interleave(
      (operation) => operation === 'TransactWriteItems',
      async () => {
        await moveProduct(w, second.id);
        taken = (await open(w, { message: 'For the new seller' })).body;
      },
    );
    let opened: Awaited<ReturnType<typeof openConversation>>;
    try {
      opened = await openConversation(identity, plan);
    } finally {
      restore();
    }
    expect(taken).toMatchObject({ id: deterministicId(w.tenant, 'product', w.customer.id, w.productId) });
    expect(opened.created).toBe(true);
    expect(opened.member.conversationId).toBe(sellerSpecificId(w, w.seller.id));
    expect(opened.member.conversation.seller?.id).toBe('seller-1');

    // Each is found again with its seller: the new one at the first id, the first seller's by moving on from it.
    expect((await open(w)).body.id).toBe(taken!.id);
    await moveProduct(w, w.seller.id);
    expect((await open(w)).body).toMatchObject({ id: opened.member.conversationId, lastMessage: { seq: 1 } });
    await eventually(async () =>
      expect((await conversationsOf(w.seller.token)).map((c) => c.id)).toEqual([opened.member.conversationId]),
    );
  });
});

describe('the seller’s name and address in a new product conversation', () => {
  it('a renamed shop: the conversation shows the entry as it is now, and the product’s copy is refreshed', async () => {
    const w = await newWorld();
    await putSeller(w, w.seller.id, {
      shopName: 'Sam’s Renamed Shop',
      email: 'sam.new@example.test',
      logoUrl: 'https://example.test/logo.png',
    });
    expect((await rawProduct(w.tenant, w.productId))?.sellerCopy?.shopName).toBe('Sam’s Shop'); // stale now

    const opened = await open(w);
    expect(opened.status).toBe(201);
    expect(opened.body.seller).toEqual({
      id: 'seller-1',
      shopName: 'Sam’s Renamed Shop',
      logoUrl: 'https://example.test/logo.png',
    });
    const head = (await getHead(w.tenant, opened.body.id))!;
    const slot = userMember(w.seller.id);
    expect([head.names[slot], head.emails[slot]]).toEqual(['Sam’s Renamed Shop', 'sam.new@example.test']);
    expect((await rawProduct(w.tenant, w.productId))?.sellerCopy).toEqual({
      shopName: 'Sam’s Renamed Shop',
      email: 'sam.new@example.test',
      logoUrl: 'https://example.test/logo.png',
    });
    // The logo removed again: a copy with a logo no longer holds either.
    await putSeller(w, w.seller.id, { shopName: 'Sam’s Renamed Shop', email: 'sam.new@example.test' });
    const next = await open(w, {}, (await w.user('cust-2')).token);
    expect(next.body.seller).toEqual({ id: 'seller-1', shopName: 'Sam’s Renamed Shop' });
  });

  it('a product put by an earlier release (no copy): the seller is read, and the product gets its copy with the conversation', async () => {
    const w = await newWorld();
    const { sellerCopy: _, GSI1PK: __, GSI1SK: ___, ...before } = (await rawProduct(w.tenant, w.productId))!;
    await db().send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item: before }));

    const opened = await open(w, { message: 'Hello' });
    expect(opened.status).toBe(201);
    expect(opened.body.seller).toEqual({ id: 'seller-1', shopName: 'Sam’s Shop' });
    const after = (await rawProduct(w.tenant, w.productId))!;
    expect(after).toMatchObject({
      sellerCopy: { shopName: 'Sam’s Shop', email: 'sam@example.test' },
      GSI1PK: keys.sellerProductsPk(w.tenant, w.seller.id),
      updatedAt: before.updatedAt,
    });

    // Without a copy and without its seller, a product cannot be contacted.
    await db().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME!,
        Item: { ...before, productId: 'p-9', ...keys.product(w.tenant, 'p-9') },
      }),
    );
    await deleteSeller(w.tenant, w.seller.id);
    expectInvalidFields(await open(w, { productId: 'p-9' }), ['productId']);
  });

  it('a product put again while an opening refreshes its copy: the opening still creates, the PUT’s copy stays', async () => {
    const w = await newWorld();
    const { sellerCopy: _, GSI1PK: __, GSI1SK: ___, ...before } = (await rawProduct(w.tenant, w.productId))!;
    await db().send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item: before }));
    await putSeller(w, w.seller.id, { shopName: 'Sam’s Shop', email: 'sam@example.test', logoUrl: 'https://x.test/l' });
    const identity = customerOf(w);
    const plan = await productConversationPlan(identity, { productId: w.productId });
    // The storefront puts the product again (with its copy) between the opening's read and its write.
    const restore = interleave(
      (operation) => operation === 'TransactWriteItems',
      () => moveProduct(w, w.seller.id),
    );
    let opened: Awaited<ReturnType<typeof openConversation>>;
    try {
      opened = await openConversation(identity, plan);
    } finally {
      restore();
    }
    expect(opened.created).toBe(true);
    expect(opened.member.conversation.seller).toEqual({
      id: 'seller-1',
      shopName: 'Sam’s Shop',
      logoUrl: 'https://x.test/l',
    });
    const after = (await rawProduct(w.tenant, w.productId))!;
    expect(after.updatedAt).not.toBe(before.updatedAt);
    expect(after.sellerCopy).toEqual({
      shopName: 'Sam’s Shop',
      email: 'sam@example.test',
      logoUrl: 'https://x.test/l',
    });
  });

  it('erasing a seller removes the copies their products keep; contacting them is then a 422', async () => {
    const w = await newWorld();
    await call('PUT', '/v1/catalog/products/p-2', { token: w.service, body: { name: 'Mug', sellerId: w.seller.id } });
    expect((await open(w)).status).toBe(201);
    const erased = await call('DELETE', `/v1/users/${w.seller.id}`, { token: w.service });
    expect(erased.status).toBe(202);
    await eventually(async () => {
      for (const productId of ['p-1', 'p-2']) {
        const product = (await rawProduct(w.tenant, productId))!;
        expect(product).not.toHaveProperty('sellerCopy');
        expect(product).not.toHaveProperty('GSI1PK');
        expect(JSON.stringify(product)).not.toMatch(/Sam’s Shop|sam@example/);
      }
    }, 60_000);
    expectInvalidFields(await open(w), ['productId']);
    expectInvalidFields(await open(w, { productId: 'p-2' }, (await w.user('cust-2')).token), ['productId']);
  });
});

describe('PUT /v1/catalog/products keeps a copy of the seller’s entry only as the entry is', () => {
  it('an entry renamed between the read and the write: the product keeps the new one', async () => {
    const w = await newWorld();
    const restore = interleave(
      (operation) => operation === 'TransactWriteItems',
      () => putSeller(w, w.seller.id, { shopName: 'Renamed meanwhile', email: 'sam@example.test' }),
    );
    try {
      const put = await putProduct(w.tenant, 'p-3', { name: 'Teapot', sellerId: w.seller.id });
      expect(put.sellerCopy?.shopName).toBe('Renamed meanwhile');
    } finally {
      restore();
    }
    expect((await rawProduct(w.tenant, 'p-3'))?.sellerCopy?.shopName).toBe('Renamed meanwhile');
  });

  it('an entry removed between the read and the write (an erasure): 422, and no product is stored', async () => {
    const w = await newWorld();
    const restore = interleave(
      (operation) => operation === 'TransactWriteItems',
      () => deleteSeller(w.tenant, w.seller.id),
    );
    try {
      await expect(putProduct(w.tenant, 'p-4', { name: 'Cup', sellerId: w.seller.id })).rejects.toMatchObject({
        status: 422,
      });
    } finally {
      restore();
    }
    expect(await rawProduct(w.tenant, 'p-4')).toBeUndefined();
  });

  it('a product as put carries its seller’s copy and index keys (the item shape openings rely on)', async () => {
    const w = await newWorld();
    const stored = (await rawProduct(w.tenant, w.productId))!;
    expect(stored).toEqual(
      productItem(
        w.tenant,
        w.productId,
        { name: 'Blue Kettle', sellerId: w.seller.id, price: '25.00' },
        { sellerId: w.seller.id, shopName: 'Sam’s Shop', email: 'sam@example.test' },
        stored.updatedAt,
      ),
    );
  });
});
