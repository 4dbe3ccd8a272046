import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/table-stream';
import { getMessage } from '#shared/chat/items/message';
import { readMemberItems, writeMemberItems } from '#test/support/dynamo/member-items';
import { call } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { insertRecord, modifyRecord, streamEvent } from '#test/support/stream/records';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

describe('DELETE /v1/conversations/{id}/messages/{messageId}', () => {
  it('empties the message for good, keeps its seq, tells every participant and clears the preview', async () => {
    const w = await newWorld();
    await call('PUT', '/v1/policy', { token: w.service, body: { contactInfo: 'mask' } });
    const agent = await w.user('agent-1', 'agent');
    const { id } = await w.openProductConversation({ message: 'Hello' });
    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'You idiot, call 0151 23456789', clientMessageId: 's-1' },
    });
    await eventually(async () =>
      expect((await call('GET', `/v1/conversations/${id}`, { token: w.customer.token })).body.lastMessage.seq).toBe(2),
    );
    const customer = await connectWs(w.customer.token);
    const seller = await connectWs(w.seller.token);

    const redacted = await call('DELETE', `/v1/conversations/${id}/messages/${sent.body.message.id}`, {
      token: agent.token,
    });
    expect(redacted.status).toBe(200);
    const { moderation: _masked, ...kept } = sent.body.message;
    expect(redacted.body.message).toEqual({ ...kept, text: '', redacted: true });
    for (const socket of [customer, seller])
      expect(await socket.next({ type: 'message.redacted' })).toEqual({
        type: 'message.redacted',
        conversationId: id,
        messageId: sent.body.message.id,
      });
    const history = await call('GET', `/v1/conversations/${id}/messages`, { token: w.customer.token });
    expect(history.body.items.map((m: { seq: number; text: string }) => [m.seq, m.text])).toEqual([
      [2, ''],
      [1, 'Hello'],
    ]);
    for (const token of [w.customer.token, w.seller.token])
      await eventually(async () =>
        expect((await call('GET', `/v1/conversations/${id}`, { token })).body.lastMessage).toMatchObject({
          seq: 2,
          text: '',
          redacted: true,
        }),
      );
    // Again: the same answer; the seller's retry of the original send gets the redacted message, stores nothing.
    const again = await call('DELETE', `/v1/conversations/${id}/messages/${sent.body.message.id}`, {
      token: w.service,
    });
    expect(again.body.message).toEqual(redacted.body.message);
    const retry = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'You idiot, call 0151 23456789', clientMessageId: 's-1' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body.message).toEqual(redacted.body.message);
    // The log goes on without a gap; a later message is the preview again.
    const next = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'Sorry.' },
    });
    expect(next.body.message.seq).toBe(3);
    await eventually(async () =>
      expect((await call('GET', `/v1/conversations/${id}`, { token: w.customer.token })).body.lastMessage).toEqual({
        id: next.body.message.id,
        seq: 3,
        senderId: w.seller.id,
        text: 'Sorry.',
        createdAt: next.body.message.createdAt,
      }),
    );
  });

  it('the stream empties a preview only while it shows the redacted message, also when the message was not applied yet', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'Rude words' });
    const previewOf = async (userId: string) => (await readMemberItems(w.tenant, id, [userId]))[0]!.lastMessage;
    const opened = await readMemberItems(w.tenant, id, ['cust-1', 'seller-1']);
    const latest = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'Please be polite.' },
    });
    await eventually(async () => expect((await previewOf('cust-1'))?.seq).toBe(2));
    const original = (await getMessage(w.tenant, id, 1))!;

    // Redacting message 1 leaves the preview of message 2 alone (the record handed over in-process; the stack's
    // consumer may apply it too, the effect is the same).
    await call('DELETE', `/v1/conversations/${id}/messages/${original.id}`, { token: w.service });
    const redacted = (await getMessage(w.tenant, id, 1))!;
    expect(await handler(streamEvent(modifyRecord(original, redacted)))).toEqual({ batchItemFailures: [] });
    for (const userId of ['cust-1', 'seller-1'])
      expect(await previewOf(userId)).toMatchObject({ seq: 2, text: 'Please be polite.' });

    // Message 2 redacted before the stream applied it: its INSERT record (the original image) comes first and
    // sets the preview, then the redaction's MODIFY record empties it. Replayed on the state before message 2.
    const second = (await getMessage(w.tenant, id, 2))!;
    await call('DELETE', `/v1/conversations/${id}/messages/${latest.body.message.id}`, { token: w.service });
    const secondRedacted = (await getMessage(w.tenant, id, 2))!;
    await writeMemberItems(opened);
    const records = [insertRecord(second), modifyRecord(second, secondRedacted)];
    expect(await handler(streamEvent(...records))).toEqual({ batchItemFailures: [] });
    expect(await handler(streamEvent(...records))).toEqual({ batchItemFailures: [] }); // redelivered: no change
    for (const userId of ['cust-1', 'seller-1'])
      expect(await previewOf(userId)).toMatchObject({ seq: 2, text: '', redacted: true });
  });

  it('moderators only; 404 for unknown messages and conversations, whatever the tenant', async () => {
    const w = await newWorld();
    const other = await newWorld();
    const { id } = await w.openProductConversation({ message: 'Hello' });
    const [message] = (await call('GET', `/v1/conversations/${id}/messages`, { token: w.customer.token })).body.items;
    for (const token of [w.customer.token, w.seller.token])
      expectProblem(await call('DELETE', `/v1/conversations/${id}/messages/${message.id}`, { token }), 403);
    expectProblem(await call('DELETE', `/v1/conversations/${id}/messages/nope`, { token: w.service }), 404);
    expectProblem(await call('DELETE', `/v1/conversations/nope/messages/${message.id}`, { token: w.service }), 404);
    expectProblem(
      await call('DELETE', `/v1/conversations/${id}/messages/${message.id}`, { token: other.service }),
      404,
    );
    expect(
      (await call('GET', `/v1/conversations/${id}/messages`, { token: w.customer.token })).body.items[0].text,
    ).toBe('Hello');
  });
});
