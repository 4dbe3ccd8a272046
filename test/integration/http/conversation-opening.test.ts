import { describe, expect, it } from 'vitest';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { expectInvalidFields, expectProblem } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('POST /v1/conversations', () => {
  describe('with a productId', () => {
    it('201 with the seller, product snapshot, default subject and auto-filled first message; 200 with the same one after', async () => {
      const w = await newWorld();
      const created = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { productId: w.productId },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
        topic: { type: 'product', id: w.productId },
        subject: 'Blue Kettle',
        product: { id: w.productId, name: 'Blue Kettle' },
        seller: { id: w.seller.id, shopName: 'Sam’s Shop' },
        lastMessage: {
          seq: 1,
          senderId: w.customer.id,
          text: 'Hi, I have a question about "Blue Kettle".',
          createdAt: expect.stringMatching(ISO),
        },
        archived: false,
        unreadCount: 0,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      for (const p of created.body.participants) expect(p.joinedAt).toMatch(ISO);

      const again = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { productId: w.productId, subject: 'Ignored now' },
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(created.body);
      const messages = await call('GET', `/v1/conversations/${created.body.id}/messages`, { token: w.customer.token });
      expect(messages.body.items).toHaveLength(1);
    });

    it('uses the given subject and message', async () => {
      const w = await newWorld();
      const created = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: {
          productId: w.productId,
          subject: ' Delivery to Norway ',
          message: ' Do you ship to Norway? ',
          clientMessageId: 'c-1',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.subject).toBe('Delivery to Norway');
      expect(created.body.lastMessage).toMatchObject({ seq: 1, text: 'Do you ship to Norway?' });
      const messages = await call('GET', `/v1/conversations/${created.body.id}/messages`, { token: w.seller.token });
      expect(messages.body.items).toEqual([
        expect.objectContaining({
          seq: 1,
          text: 'Do you ship to Norway?',
          clientMessageId: 'c-1',
          conversationId: created.body.id,
        }),
      ]);
    });

    it('appends the message to the existing conversation (200), visible right away and to the seller', async () => {
      const w = await newWorld();
      const first = await w.openProductConversation({ message: 'Is it in stock?' });
      const second = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { productId: w.productId, message: 'Hello?' },
      });
      expect(second.status).toBe(200);
      expect(second.body.id).toBe(first.id);
      expect(second.body.lastMessage).toMatchObject({ seq: 2, text: 'Hello?', senderId: w.customer.id });
      await eventually(async () => {
        const seen = await call('GET', `/v1/conversations/${first.id}`, { token: w.seller.token });
        expect(seen.body).toMatchObject({ unreadCount: 2, lastMessage: { seq: 2, text: 'Hello?' } });
      });
    });

    it('a retry with the same clientMessageId does not append twice', async () => {
      const w = await newWorld();
      const first = await w.openProductConversation({ message: 'Hi', clientMessageId: 'open-1' });
      const retry = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { productId: w.productId, message: 'Hi', clientMessageId: 'open-1' },
      });
      expect(retry.status).toBe(200);
      expect(retry.body.lastMessage.seq).toBe(1);
      const appended = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { productId: w.productId, message: 'More', clientMessageId: 'open-2' },
      });
      const retried = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { productId: w.productId, message: 'More', clientMessageId: 'open-2' },
      });
      expect([appended.body.lastMessage.seq, retried.body.lastMessage.seq]).toEqual([2, 2]);
      expect(retried.body.lastMessage.id).toBe(appended.body.lastMessage.id);
      const messages = await call('GET', `/v1/conversations/${first.id}/messages`, { token: w.customer.token });
      expect(messages.body.items.map((m: { text: string }) => m.text)).toEqual(['More', 'Hi']);
    });

    it('one conversation per customer and product: another customer or another product gets a new one', async () => {
      const w = await newWorld();
      await call('PUT', '/v1/catalog/products/p-2', {
        token: w.service,
        body: { name: 'Green Kettle', sellerId: w.seller.id },
      });
      const a = await w.openProductConversation();
      const b = await w.openProductConversation({ productId: 'p-2' });
      const c = await w.openProductConversation({}, (await w.user('cust-2')).token);
      expect(new Set([a.id, b.id, c.id]).size).toBe(3);
      expect(b.subject).toBe('Green Kettle');
    });

    it('422 for an unknown product, and for the seller opening a conversation about their own product', async () => {
      const w = await newWorld();
      expectInvalidFields(
        await call('POST', '/v1/conversations', { token: w.customer.token, body: { productId: 'p-nope' } }),
        ['productId'],
      );
      const sellerAsCustomer = await w.user(w.seller.id, 'customer');
      expectInvalidFields(
        await call('POST', '/v1/conversations', { token: sellerAsCustomer.token, body: { productId: w.productId } }),
        ['productId'],
      );
    });
  });

  describe('with a participantId', () => {
    it('201 then 200 per (pair, topic), subject from the topic or the other party, either side finds the same one', async () => {
      const w = await newWorld();
      const order = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-42' }, message: 'Where is my order?' },
      });
      expect(order.status).toBe(201);
      expect(order.body).toMatchObject({
        topic: { type: 'order', id: 'o-42' },
        subject: 'order o-42',
        product: null,
        seller: { id: w.seller.id, shopName: 'Sam’s Shop' },
        lastMessage: { seq: 1, text: 'Where is my order?' },
      });
      expect(order.body.participants.map((p: { userId: string; role: string }) => [p.userId, p.role])).toEqual([
        [w.customer.id, 'customer'],
        [w.seller.id, 'seller'],
      ]);

      const same = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-42' } },
      });
      expect([same.status, same.body.id]).toEqual([200, order.body.id]);
      const otherTopic = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-43' } },
      });
      expect(otherTopic.status).toBe(201);
      expect(otherTopic.body.id).not.toBe(order.body.id);

      const noTopic = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: w.seller.id },
      });
      expect(noTopic.status).toBe(201);
      expect(noTopic.body).toMatchObject({ topic: null, subject: 'Sam’s Shop', lastMessage: null });

      // A customer who has used the chat can be addressed by another customer; the pair is unordered.
      const friend = await w.user('cust-2', 'customer', { name: 'Finn' });
      const direct = await call('POST', '/v1/conversations', {
        token: friend.token,
        body: { participantId: w.customer.id, subject: 'Hi Cora' },
      });
      expect(direct.status).toBe(201);
      expect(direct.body.subject).toBe('Hi Cora');
      const back = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: friend.id },
      });
      expect([back.status, back.body.id]).toEqual([200, direct.body.id]);
    });

    it('422 for an unknown participant, the caller themself, or a user of another tenant', async () => {
      const w = await newWorld();
      const other = await newWorld();
      expectInvalidFields(
        await call('POST', '/v1/conversations', { token: w.customer.token, body: { participantId: 'ghost' } }),
        ['participantId'],
      );
      expectInvalidFields(
        await call('POST', '/v1/conversations', { token: w.customer.token, body: { participantId: w.customer.id } }),
        ['participantId'],
      );
      await call('PUT', '/v1/catalog/sellers/elsewhere', {
        token: other.service,
        body: { shopName: 'Elsewhere', email: 'e@example.test' },
      });
      expectInvalidFields(
        await call('POST', '/v1/conversations', { token: w.customer.token, body: { participantId: 'elsewhere' } }),
        ['participantId'],
      );
    });
  });

  it('user ids of 128 characters in any script, and with key separators, work end to end', async () => {
    const w = await newWorld();
    for (const id of ['€'.repeat(128), '😀'.repeat(128), 'a#b%23c#'.repeat(16)]) {
      // As a seller of the directory, addressed by participantId, then answering with their own token.
      expect(
        (
          await call('PUT', `/v1/catalog/sellers/${encodeURIComponent(id)}`, {
            token: w.service,
            body: { shopName: 'Long', email: 'l@example.test' },
          })
        ).status,
      ).toBe(200);
      const direct = await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: id, message: 'hello', clientMessageId: 'y'.repeat(64) },
      });
      expect(direct.status).toBe(201);
      expect(direct.body.participants[1]).toMatchObject({ userId: id, role: 'seller' });
      const seller = await tokenFor({ sub: id, role: 'seller', tenant: w.tenant });
      expect((await call('GET', `/v1/conversations/${direct.body.id}`, { token: seller })).status).toBe(200);
      expect(
        (
          await call('POST', `/v1/conversations/${direct.body.id}/messages`, {
            token: seller,
            body: { text: 'reply', clientMessageId: 'z'.repeat(64) },
          })
        ).status,
      ).toBe(201);
      expect(
        (await call('GET', '/v1/conversations', { token: seller })).body.items.map((c: { id: string }) => c.id),
      ).toEqual([direct.body.id]);
      // As a customer opening a product conversation.
      const customer = await tokenFor({ sub: `${[...id].slice(0, -1).join('')}c`, role: 'customer', tenant: w.tenant });
      const opened = await call('POST', '/v1/conversations', {
        token: customer,
        body: { productId: w.productId, message: 'hi', clientMessageId: 'x'.repeat(64) },
      });
      expect(opened.status).toBe(201);
      expect((await call('POST', `/v1/conversations/${opened.body.id}/read`, { token: customer })).status).toBe(200);
    }
    // '#' and its escape stay distinct ids.
    const hash = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: 'a#b%23c#'.repeat(16) },
    });
    expect(hash.status).toBe(200);
    expectInvalidFields(
      await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: 'a%23b%23c#'.repeat(12) },
      }),
      ['participantId'],
    );
  });

  it('422 names the bad fields of the body', async () => {
    const w = await newWorld();
    const post = (body: unknown) => call('POST', '/v1/conversations', { token: w.customer.token, body });
    expectInvalidFields(await post({}), ['productId', 'participantId']);
    expectInvalidFields(await post({ productId: w.productId, participantId: w.seller.id }), [
      'productId',
      'participantId',
    ]);
    expectInvalidFields(await post({ productId: w.productId, topic: { type: 'order', id: '1' } }), ['topic']);
    expectInvalidFields(
      await post({ productId: w.productId, message: '   ', subject: '', clientMessageId: 'has space' }),
      ['message', 'subject', 'clientMessageId'],
    );
    expectInvalidFields(await post({ participantId: w.seller.id, topic: { type: '', id: 7 } }), [
      'topic.type',
      'topic.id',
    ]);
    expectInvalidFields(await post({ productId: w.productId, message: 'x'.repeat(4001) }), ['message']);
  });

  it('403 for sellers, agents and services asking about a product: only customers and guests open product conversations', async () => {
    const w = await newWorld();
    for (const role of ['seller', 'agent', 'service'] as const) {
      expectProblem(
        await call('POST', '/v1/conversations', {
          token: (await w.user(`x-${role}`, role)).token,
          body: { productId: w.productId },
        }),
        403,
      );
    }
    const guest = await w.user('guest-1', 'guest');
    expect(
      (await call('POST', '/v1/conversations', { token: guest.token, body: { productId: w.productId } })).status,
    ).toBe(201);
  });
});
