import { afterEach, describe, expect, it } from 'vitest';
import { platformWorld } from '#test/support/compat/platform-world';
import { PLATFORM } from '#test/support/compat/public-keys';
import { call } from '#test/support/http/client';
import { connectWs, type WsClient } from '#test/support/ws/client';

/** A dialect is an entry point like any other: what it writes reaches the other side's live connections at once. */
const clients: WsClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('real-time events from the compatibility dialects', () => {
  it('pushes message.created for messages sent through 003 and 004, and conversation.read when 003 shows them', async () => {
    const w = await platformWorld();
    const seller = await connectWs(w.seller.token);
    const customer = await connectWs(w.customer.token);
    clients.push(seller, customer);

    const opened = await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      body: { product_id: w.productId, message: 'Opening via v2' },
    });
    const number = opened.body.conversation_id as number;
    const first = await seller.next({ type: 'message.created' });
    expect(first.message).toMatchObject({ seq: 1, text: 'Opening via v2', senderId: w.customer.id });
    const conversationId = first.conversationId as string;

    await call('POST', '/api/v2/chat/insert-message', {
      token: w.customer.token,
      body: { conversation_id: String(number), message: 'More via v2' },
    });
    expect((await seller.next({ type: 'message.created' })).message).toMatchObject({ seq: 2, text: 'More via v2' });

    const reply = await call('POST', `/api/v1/chat/conversations/${conversationId}/messages`, {
      token: w.seller.token,
      headers: { 'x-public-key': PLATFORM.key },
      body: { text: 'Answer via 004' },
    });
    expect(reply.status).toBe(201);
    // The customer's own sends came back to its connection too (the sender's other devices); the answer follows them.
    const answer = await customer.next((e) => e.type === 'message.created' && e.message.seq === 3);
    expect(answer.message).toMatchObject({ text: 'Answer via 004', senderId: w.seller.id });

    // v2 marks the sender's own send as viewed (lastReadSeq 2); showing page 1 then reads the answer.
    expect(await seller.next({ type: 'conversation.read' })).toMatchObject({
      conversationId,
      userId: w.customer.id,
      lastReadSeq: 2,
    });
    await call('GET', `/api/v2/chat/messages/${number}`, { token: w.customer.token });
    expect(await seller.next({ type: 'conversation.read' })).toMatchObject({
      conversationId,
      userId: w.customer.id,
      lastReadSeq: 3,
    });
  });
});
