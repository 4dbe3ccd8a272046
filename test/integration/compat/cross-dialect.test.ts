import { afterEach, describe, expect, it } from 'vitest';
import { userNumber } from '#shared/catalog/user-number';
import { numberUuid } from '#shared/compat/ids';
import { platformWorld } from '#test/support/compat/platform-world';
import { PLATFORM } from '#test/support/compat/public-keys';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

/** Every dialect is a view of the same conversations and messages as the core API. */
const pk = (method: string, path: string, token: string, body?: unknown) =>
  call(method, `/api/v1/chat${path}`, {
    token,
    headers: { 'x-public-key': PLATFORM.key },
    ...(body !== undefined && { body }),
  });
const texts = (items: Array<{ text?: string; message?: string }>) => items.map((m) => m.text ?? m.message);

afterEach(closeAllWs);

describe('one conversation, every dialect', () => {
  it('shows a product conversation opened through 003 in the core API and 004, and each side’s messages in all of them', async () => {
    const w = await platformWorld();
    const opened = await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      body: { product_id: w.productId, message: 'Hi from v2' },
    });
    const number = opened.body.conversation_id as number;

    const coreList = await call('GET', '/v1/conversations', { token: w.customer.token });
    const core = coreList.body.items.find((c: { product: { id: string } | null }) => c.product?.id === w.productId);
    expect(core).toMatchObject({
      topic: { type: 'product', id: w.productId },
      lastMessage: { seq: 1, text: 'Hi from v2' },
    });

    const pkList = await pk('GET', '/conversations', w.seller.token);
    // 004's uuid is the conversation's number as a UUID (issue item 6); the core id is accepted too.
    expect(pkList.body.data[0]).toMatchObject({
      uuid: numberUuid('conversation', number),
      taggable_type: 'App\\Models\\Product',
      taggable_id: Number(w.productId),
    });
    expect(pkList.body.data[0].participants[0].pivot.conversation_id).toBe(number);

    // The seller answers through 004; the customer's v2 app polls it; the core API has it.
    const reply = await pk('POST', `/conversations/${core.id}/messages`, w.seller.token, { text: 'Reply from 004' });
    expect(reply.status).toBe(201);
    const polled = await call('GET', `/api/v2/chat/get-new-messages/${number}/1`, { token: w.customer.token });
    expect(polled.body.data).toEqual([
      expect.objectContaining({
        id: 2,
        message: 'Reply from 004',
        send_type: 'seller',
        user_id: await userNumber(w.tenant, w.seller.id),
      }),
    ]);

    // The customer answers through the core API; 004 and 003 list it.
    const coreSend = await call('POST', `/v1/conversations/${core.id}/messages`, {
      token: w.customer.token,
      body: { text: 'Reply from core' },
    });
    expect(coreSend.body.message.seq).toBe(3);
    expect(texts((await pk('GET', `/conversations/${core.id}/messages`, w.seller.token)).body.data)).toEqual([
      'Reply from core',
      'Reply from 004',
      'Hi from v2',
    ]);
    expect(
      texts((await call('GET', `/api/v2/chat/messages/${number}`, { token: w.customer.token })).body.data),
    ).toEqual(['Reply from core', 'Reply from 004', 'Hi from v2']);
    expect(
      texts((await call('GET', `/v1/conversations/${core.id}/messages`, { token: w.seller.token })).body.items),
    ).toEqual(['Reply from core', 'Reply from 004', 'Hi from v2']);
  });

  it('makes an 001 order room the same conversation as 004’s order tag, and carries 003 messages into it', async () => {
    const w = await platformWorld();
    const room = (
      await call('POST', '/api/v1/chat/startChat', {
        token: w.customer.token,
        body: { type: 'vendor-to-user', vendor_id: Number(w.seller.id), order_id: 900, order_vendor_id: 1 },
      })
    ).body.roomData;
    const tagged = await pk('POST', '/conversations', w.customer.token, {
      participant_uuid: w.seller.id,
      taggable_type: 'App\\Models\\Order',
      taggable_id: 900,
    });
    expect(tagged.body.data.uuid).toBe(numberUuid('conversation', Number(room.room_id)));
    expect(tagged.body.data.participants[0].pivot.conversation_id).toBe(Number(room.room_id));
    const seller = await userNumber(w.tenant, w.seller.id);

    const inserted = await call('POST', '/api/v2/chat/insert-message', {
      token: w.customer.token,
      body: { conversation_id: Number(room.room_id), message: 'Where is order 900?' },
    });
    expect(inserted.status).toBe(200);

    await eventually(async () => {
      const sellerList = await pk('GET', '/conversations', w.seller.token);
      const conversation = sellerList.body.data.find((c: { uuid: string }) => c.uuid === tagged.body.data.uuid);
      expect(conversation).toMatchObject({
        taggable_type: 'App\\Models\\Order',
        taggable_id: 900,
        last_message_text: 'Where is order 900?',
      });
      expect(
        conversation.participants.find((p: { pivot: { user_id: number } }) => p.pivot.user_id === seller).pivot
          .unread_count,
      ).toBe(1);
    });
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 1, conversations: 1 });

    // The seller reads it through 004; the core unread badge follows.
    await pk('GET', `/conversations/${room._id}/messages`, w.seller.token);
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 0, conversations: 0 });
    const core = await call('GET', `/v1/conversations/${room._id}`, { token: w.customer.token });
    expect(core.body).toMatchObject({
      topic: { type: 'order', id: '900' },
      lastMessage: { seq: 1, text: 'Where is order 900?' },
    });
  });

  it('carries a 000 enquiry to the core support conversation, a connected agent, 002’s queue and 003, and their answers back to 000', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    const agentSocket = await connectWs(agent.token);

    const enquiry = await call('POST', '/api/v1/chat/newChat', {
      token: w.customer.token,
      body: { product_id: w.productId, message: 'Does it whistle?' },
    });
    expect(enquiry.status).toBe(200);
    expect(enquiry.body.is_allAdminIdle).toBe(false);
    const pushed = await agentSocket.next((e) => e.type === 'message.created' && e.message.seq === 2);
    expect(pushed.message).toMatchObject({ text: 'Does it whistle?', senderId: w.customer.id });

    // The core API: the customer's support conversation, the agent's queue.
    const core = (await call('POST', '/v1/support/conversations', { token: w.customer.token })).body.conversation;
    expect(core.id).toBe(pushed.conversationId);
    expect(
      texts((await call('GET', `/v1/conversations/${core.id}/messages`, { token: agent.token })).body.items),
    ).toEqual(['Does it whistle?', 'Blue Kettle']);

    // 002: the agent's queue entry is the same conversation (chat_id = 000's chat_id).
    const queue = (await call('GET', '/api/v1/chat/list', { token: agent.token })).body.conversations;
    expect(queue).toEqual([
      expect.objectContaining({ chat_id: enquiry.body.chat_id, conversation_id: core.id, user_id: w.customer.id }),
    ]);

    // 003 does not list it (issue item 7: its other party, the support team, is no user with a number, and a
    // 003 app shows only shops' product threads) but takes a message into it by its number.
    const v2 = await call('GET', '/api/v2/chat/conversations', { token: w.customer.token });
    expect(v2.body.data).toEqual([]);
    await call('POST', '/api/v2/chat/insert-message', {
      token: w.customer.token,
      body: { conversation_id: enquiry.body.chat_id, message: 'Sent from v2' },
    });
    expect((await agentSocket.next((e) => e.type === 'message.created' && e.message.seq === 3)).message.text).toBe(
      'Sent from v2',
    );

    // The agent answers over WebSocket; 000 and 002 show it as the admin's.
    agentSocket.send({ action: 'sendMessage', conversationId: core.id, text: 'Only when boiling.' });
    await agentSocket.next({ type: 'message.ack' });
    const expected = [
      expect.objectContaining({ message: 'Blue Kettle', user: 1, admin: 0 }),
      expect.objectContaining({ message: 'Does it whistle?', user: 1, admin: 0 }),
      expect.objectContaining({ message: 'Sent from v2', user: 1, admin: 0 }),
      expect.objectContaining({ message: 'Only when boiling.', user: 0, admin: 1 }),
    ];
    expect((await call('POST', '/api/v1/chat/newChat', { token: w.customer.token, body: {} })).body.chats).toEqual(
      expected,
    );
    expect((await call('GET', '/api/v1/chat/list', { token: w.customer.token })).body.chats).toEqual(expected);
  });
});
