import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { appendTogether } from '#shared/chat/append-together';
import { claimClientMessageId, getClientMessagePointer, pointerOwner } from '#shared/chat/items/client-message-pointer';
import { getHead, type HeadItem } from '#shared/chat/items/head';
import { supportConversationId } from '#shared/chat/opening-plans';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { keys, userMember } from '#shared/table/keys';
import { injectFaults } from '#test/support/dynamo/faults';
import { call } from '#test/support/http/client';
import { invokeRoute } from '#test/support/http/invoke-route';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  closeAllWs();
});

const newChat = (token: string, body: Record<string, unknown>) => call('POST', '/api/v1/chat/newChat', { token, body });
const logOf = async (token: string, id: string) =>
  (await call('GET', `/v1/conversations/${id}/messages?after=0&limit=100`, { token })).body.items.map(
    (m: { seq: number; text: string }) => [m.seq, m.text],
  );

/** The customer's lines for appendTogether, believed next at `nextSeq`. */
const customerLine =
  (head: HeadItem, customerId: string, nextSeq: number) => (text: string, clientMessageId?: string) => ({
    head,
    sender: userMember(customerId),
    senderId: customerId,
    text,
    ...(clientMessageId !== undefined && { clientMessageId }),
    nextSeq,
  });

/**
 * newChat's product line and message are stored by one write (the opening's, with the message as its follow-up;
 * shared/chat/append-together.ts in a chat that exists): consecutive seqs, together or not at all.
 */
describe('seed 000 — the product line and the message, stored together', () => {
  it('in an existing chat: consecutive seqs after the history, pushed in order, counted unread; a retry stores nothing', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    const id = supportConversationId({ tenant: w.tenant, userId: w.customer.id });
    expect((await newChat(w.customer.token, { message: 'Hello' })).status).toBe(200);
    const answer = await call('POST', `/v1/conversations/${id}/messages`, {
      token: agent.token,
      body: { text: 'Hi, how can I help?' },
    });
    expect(answer.status).toBe(201);
    const agentSocket = await connectWs(agent.token);

    const body = { product_id: w.productId, message: 'Is it in stock?', client_message_id: 'enq-2' };
    const first = await newChat(w.customer.token, body);
    expect(first.status).toBe(200);
    const pushed = [
      await agentSocket.next({ type: 'message.created' }),
      await agentSocket.next({ type: 'message.created' }),
    ];
    expect(pushed.map((e) => [e.message.seq, e.message.text])).toEqual([
      [3, 'Blue Kettle'],
      [4, 'Is it in stock?'],
    ]);
    expect(first.body.chats.map((c: { message: string; admin: number }) => [c.message, c.admin])).toEqual([
      ['Hello', 0],
      ['Hi, how can I help?', 1],
      ['Blue Kettle', 0],
      ['Is it in stock?', 0],
    ]);
    // The stream applies both lines: the team has them unread after the customer's first message it had.
    await eventually(async () => {
      const queue = (await call('GET', '/v1/support/conversations', { token: agent.token })).body.items;
      expect(queue[0]).toMatchObject({ id, unreadCount: 3, lastMessage: { seq: 4 } });
    });

    const retry = await newChat(w.customer.token, body);
    expect(retry.body.chats).toEqual(first.body.chats);
    expect(await logOf(w.customer.token, id)).toEqual([
      [1, 'Hello'],
      [2, 'Hi, how can I help?'],
      [3, 'Blue Kettle'],
      [4, 'Is it in stock?'],
    ]);
  });

  it('appendTogether: slots taken meanwhile move all of them on, still consecutive; a clientMessageId already used goes one by one', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'one' });
    const reply = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'two' },
    });
    expect(reply.status).toBe(201);
    const head = (await getHead(w.tenant, id))!;
    // Believed next: seq 1, taken (as a concurrent send would have taken it) by the time they are written.
    const line = customerLine(head, w.customer.id, 1);
    const seqs = (appended: Awaited<ReturnType<typeof appendTogether>>) =>
      appended.map((a) => [a.message.seq, a.message.text, a.created]);

    expect(seqs(await appendTogether([line('a'), line('b', 'cm-b')]))).toEqual([
      [3, 'a', true],
      [4, 'b', true],
    ]);
    // 'b' again with its clientMessageId: its message, not a second copy; 'c' is stored.
    expect(seqs(await appendTogether([line('c'), line('b', 'cm-b')]))).toEqual([
      [5, 'c', true],
      [4, 'b', false],
    ]);
    expect(await logOf(w.customer.token, id)).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'a'],
      [4, 'b'],
      [5, 'c'],
    ]);
  });

  it("appendTogether over a send's claim (a pointer without seq): the message it names, the claim kept; a claim whose message is not stored yet is a 429 for that line", async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'one' });
    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: 'x', clientMessageId: 'cm-x' },
    });
    expect(sent.status).toBe(201);
    const owner = pointerOwner({ tenant: w.tenant, userId: w.customer.id }, id, 'cm-x');
    // A claim older than the patience a new conversation's pointer overwrites (overDeadClaim): in a conversation that
    // exists it is still the pointer of the message its send stored.
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.clientMessageId(w.tenant, id, w.customer.id, 'cm-x'),
        UpdateExpression: 'SET claimedAt = claimedAt - :old',
        ExpressionAttributeValues: { ':old': 10_000 },
      }),
    );
    const claim = await getClientMessagePointer(owner);
    expect(claim).toMatchObject({ messageId: sent.body.message.id });
    expect(claim?.seq).toBeUndefined();
    const head = (await getHead(w.tenant, id))!;
    const line = customerLine(head, w.customer.id, 2);
    const appended = await appendTogether([line('y'), line('x', 'cm-x')]);
    expect(appended.map((a) => [a.message.seq, a.message.text, a.created])).toEqual([
      [3, 'y', true],
      [2, 'x', false],
    ]);
    expect(appended[1]!.message.id).toBe(sent.body.message.id);
    // Not overwritten by a pointer with a seq: it still names the send's message.
    expect(await getClientMessagePointer(owner)).toEqual(claim);

    // A claim just made by a send that has not stored its message (its send is between its two writes).
    const pending = pointerOwner({ tenant: w.tenant, userId: w.customer.id }, id, 'cm-pending');
    await claimClientMessageId(pending, { messageId: 'not-stored-yet', claimedAt: Date.now(), content: 'k' });
    await expect(appendTogether([line('z', 'cm-pending'), line('w')])).rejects.toMatchObject({ status: 429 });
    expect((await logOf(w.customer.token, id)).map(([seq]: [number]) => seq)).toEqual([1, 2, 3]);
  });

  it("in an existing chat, the message's clientMessageId claimed by a core send that stored it: that message (no second copy), the product line stored", async () => {
    const w = await newWorld();
    const id = supportConversationId({ tenant: w.tenant, userId: w.customer.id });
    expect((await newChat(w.customer.token, { message: 'Hello' })).status).toBe(200);
    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: 'Is it in stock?', clientMessageId: 'enq-c' },
    });
    expect(sent.status).toBe(201);

    const body = { product_id: w.productId, message: 'Is it in stock?', client_message_id: 'enq-c' };
    const res = await newChat(w.customer.token, body);
    expect(res.status).toBe(200);
    expect(await logOf(w.customer.token, id)).toEqual([
      [1, 'Hello'],
      [2, 'Is it in stock?'],
      [3, 'Blue Kettle'],
    ]);
    // The same clientMessageId with other text is another message: 409, nothing stored.
    const other = await newChat(w.customer.token, { ...body, message: 'Something else' });
    expect(other.status).toBe(409);
    expect((await logOf(w.customer.token, id)).length).toBe(3);
  });

  it("a new chat whose message's clientMessageId a send claimed and died holding (404: no chat yet): opened with both lines once the claim is dead, never blocked by it", async () => {
    const w = await newWorld();
    const id = supportConversationId({ tenant: w.tenant, userId: w.customer.id });
    const deletesClaim = (command: string, input: any) =>
      command === 'DeleteCommand' && String(input.Key?.SK).startsWith('CMID#');
    restore = injectFaults((command, input) =>
      deletesClaim(command, input) ? new Error('Injected: died') : undefined,
    );
    const lost = await invokeRoute('SendMessage', {
      token: w.customer.token,
      pathParameters: { id },
      body: { text: 'Is it in stock?', clientMessageId: 'enq-d' },
    });
    expect(lost.status).toBe(404);
    restore();
    restore = undefined;
    const owner = pointerOwner({ tenant: w.tenant, userId: w.customer.id }, id, 'enq-d');
    expect(await getClientMessagePointer(owner)).toMatchObject({ messageId: expect.any(String) });
    await new Promise((r) => setTimeout(r, 3_100));

    const body = { product_id: w.productId, message: 'Is it in stock?', client_message_id: 'enq-d' };
    const res = await newChat(w.customer.token, body);
    expect(res.status).toBe(200);
    expect(await logOf(w.customer.token, id)).toEqual([
      [1, 'Blue Kettle'],
      [2, 'Is it in stock?'],
    ]);
    // The opening's pointer (with its seq) replaced the dead claim: a retry gets the stored lines.
    expect(await getClientMessagePointer(owner)).toMatchObject({ seq: 2 });
    expect((await newChat(w.customer.token, body)).body.chats).toEqual(res.body.chats);
    expect((await logOf(w.customer.token, id)).length).toBe(2);
  });
});
