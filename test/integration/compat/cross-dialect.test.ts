import { describe, expect, it } from 'vitest';
import { call, eventually } from '../../support/api';
import { platformWorld } from '../../support/compat';
import { PLATFORM } from '../../support/compat-keys';

/** Every dialect is a view of the same conversations and messages as the core API. */
const pk = (method: string, path: string, token: string, body?: unknown) =>
  call(method, `/api/v1/chat${path}`, { token, headers: { 'x-public-key': PLATFORM.key }, ...(body !== undefined && { body }) });
const texts = (items: Array<{ text?: string; message?: string }>) => items.map((m) => m.text ?? m.message);

describe('one conversation, every dialect', () => {
  it('shows a product conversation opened through 003 in the core API and 004, and each side’s messages in all of them', async () => {
    const w = await platformWorld();
    const opened = await call('POST', '/api/v2/chat/create-conversation', { token: w.customer.token, body: { product_id: w.productId, message: 'Hi from v2' } });
    const number = opened.body.conversation_id as number;

    const coreList = await call('GET', '/v1/conversations', { token: w.customer.token });
    const core = coreList.body.items.find((c: { product: { id: string } | null }) => c.product?.id === w.productId);
    expect(core).toMatchObject({ topic: { type: 'product', id: w.productId }, lastMessage: { seq: 1, text: 'Hi from v2' } });

    const pkList = await pk('GET', '/conversations', w.seller.token);
    expect(pkList.body.data[0]).toMatchObject({ uuid: core.id, taggable_type: 'App\\Models\\Product', taggable_id: Number(w.productId) });
    expect(pkList.body.data[0].participants[0].pivot.conversation_id).toBe(number);

    // The seller answers through 004; the customer's v2 app polls it; the core API has it.
    const reply = await pk('POST', `/conversations/${core.id}/messages`, w.seller.token, { text: 'Reply from 004' });
    expect(reply.status).toBe(201);
    const polled = await call('GET', `/api/v2/chat/get-new-messages/${number}/1`, { token: w.customer.token });
    expect(polled.body.data).toEqual([expect.objectContaining({ id: 2, message: 'Reply from 004', send_type: 'seller', user_id: Number(w.seller.id) })]);

    // The customer answers through the core API; 004 and 003 list it.
    const coreSend = await call('POST', `/v1/conversations/${core.id}/messages`, { token: w.customer.token, body: { text: 'Reply from core' } });
    expect(coreSend.body.message.seq).toBe(3);
    expect(texts((await pk('GET', `/conversations/${core.id}/messages`, w.seller.token)).body.data)).toEqual(['Reply from core', 'Reply from 004', 'Hi from v2']);
    expect(texts((await call('GET', `/api/v2/chat/messages/${number}`, { token: w.customer.token })).body.data)).toEqual(['Reply from core', 'Reply from 004', 'Hi from v2']);
    expect(texts((await call('GET', `/v1/conversations/${core.id}/messages`, { token: w.seller.token })).body.items)).toEqual(['Reply from core', 'Reply from 004', 'Hi from v2']);
  });

  it('makes an 001 order room the same conversation as 004’s order tag, and carries 003 messages into it', async () => {
    const w = await platformWorld();
    const room = (await call('POST', '/api/v1/chat/startChat', {
      token: w.customer.token, body: { type: 'vendor-to-user', vendor_id: Number(w.seller.id), order_id: 900, order_vendor_id: 1 },
    })).body.roomData;
    const tagged = await pk('POST', '/conversations', w.customer.token, { participant_uuid: w.seller.id, taggable_type: 'App\\Models\\Order', taggable_id: 900 });
    expect(tagged.body.data.uuid).toBe(room._id);
    expect(tagged.body.data.participants[0].pivot.conversation_id).toBe(Number(room.room_id));

    const inserted = await call('POST', '/api/v2/chat/insert-message', { token: w.customer.token, body: { conversation_id: Number(room.room_id), message: 'Where is order 900?' } });
    expect(inserted.status).toBe(200);

    await eventually(async () => {
      const sellerList = await pk('GET', '/conversations', w.seller.token);
      const conversation = sellerList.body.data.find((c: { uuid: string }) => c.uuid === room._id);
      expect(conversation).toMatchObject({ taggable_type: 'App\\Models\\Order', taggable_id: 900, last_message_text: 'Where is order 900?' });
      expect(conversation.participants.find((p: { uuid: string }) => p.uuid === w.seller.id).pivot.unread_count).toBe(1);
    });
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 1, conversations: 1 });

    // The seller reads it through 004; the core unread badge follows.
    await pk('GET', `/conversations/${room._id}/messages`, w.seller.token);
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 0, conversations: 0 });
    const core = await call('GET', `/v1/conversations/${room._id}`, { token: w.customer.token });
    expect(core.body).toMatchObject({ topic: { type: 'order', id: '900' }, lastMessage: { seq: 1, text: 'Where is order 900?' } });
  });
});
