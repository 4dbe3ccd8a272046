import { afterEach, describe, expect, it } from 'vitest';
import type { Identity } from '#shared/auth/identity';
import { getMember } from '#shared/chat/items/member';
import { markReadAsShown } from '#shared/chat/mark-read';
import { userMember } from '#shared/table/keys';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

/**
 * What the Laravel-era dialects show is read through markReadAsShown (shared/chat/mark-read.ts): the member item the
 * page was read with names the conversation, so nothing is read again before the write. The write keeps markRead's
 * guarantees: up to the message shown and no further, never backwards, announced once.
 */
describe('reading what a dialect showed', () => {
  it('reads up to the newest message shown, not one sent after the page was read; never backwards, announced once', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'one' });
    const send = (text: string) =>
      call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { text } });
    expect((await send('two')).status).toBe(201);
    const customerSocket = await connectWs(w.customer.token);
    const seller: Identity = { tenant: w.tenant, userId: w.seller.id, role: 'seller' };
    // The page as it was read: messages 1 and 2 shown, with the seller's member item. Then message 3 arrives.
    const page = (await getMember(w.tenant, id, userMember(w.seller.id), true))!;
    expect((await send('three')).status).toBe(201);

    const read = await markReadAsShown(seller, page, 2);
    expect(read).toMatchObject({ changed: true, state: { lastReadSeq: 2 } });
    expect(await customerSocket.next({ type: 'conversation.read' })).toEqual({
      type: 'conversation.read',
      conversationId: id,
      userId: w.seller.id,
      lastReadSeq: 2,
    });
    // Message 3 stays unread, whether the stream had applied it before the read or after.
    await eventually(async () =>
      expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 1, conversations: 1 }),
    );

    // The same page shown again, or an older one: nothing moves, nothing is announced.
    expect(await markReadAsShown(seller, page, 2)).toMatchObject({ changed: false, state: { lastReadSeq: 2 } });
    expect(await markReadAsShown(seller, page, 1)).toMatchObject({ changed: false, state: { lastReadSeq: 2 } });
    expect((await markReadAsShown(seller, page, 3)).state).toMatchObject({ lastReadSeq: 3, unreadCount: 0 });
    const next = await customerSocket.next({ type: 'conversation.read' });
    expect(next).toMatchObject({ lastReadSeq: 3 });
    await eventually(async () =>
      expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 0, conversations: 0 }),
    );
  });
});
