import { afterEach, describe, expect, it } from 'vitest';
import { holdFirstRequest, injectFaults } from '#test/support/dynamo/faults';
import { call } from '#test/support/http/client';
import { invokeRoute } from '#test/support/http/invoke-route';
import { newWorld } from '#test/support/stack/world';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

const putsMessage = (command: string, input: any) => command === 'PutCommand' && input.Item?.entity === 'message';
const abandonsClaim = (command: string, input: any) =>
  command === 'UpdateCommand' && input.UpdateExpression === 'SET abandoned = :true';
const died = () => new Error('Injected: the process died here');

const log = async (token: string, conversationId: string) =>
  (await call('GET', `/v1/conversations/${conversationId}/messages?after=0`, { token })).body.items as Array<{
    id: string;
    seq: number;
    text: string;
    clientMessageId?: string;
  }>;

/**
 * A send with a clientMessageId claims its pointer, then stores the message (shared/chat/append-message.ts): two
 * writes, so a send can stop between them. Whatever happens there, a retry gets the message stored exactly once.
 */
describe('a send that stops between claiming its clientMessageId and storing the message', () => {
  it('fails and marks its claim abandoned: the retry stores the message at once (201), a later retry gets it (200)', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    restore = injectFaults((command, input) => (putsMessage(command, input) ? died() : undefined));
    const body = { text: 'Stored once', clientMessageId: 'stops-1' };
    const failed = await invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id: conv.id }, body });
    expect(failed.status).toBe(500);
    restore();
    restore = undefined;
    expect((await log(w.customer.token, conv.id)).map((m) => m.seq)).toEqual([1]);

    const retry = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expect(retry.status).toBe(201);
    expect(retry.body.message).toMatchObject({ seq: 2, text: 'Stored once', clientMessageId: 'stops-1' });
    const again = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expect(again.status).toBe(200);
    expect(again.body.message).toEqual(retry.body.message);
    expect((await log(w.customer.token, conv.id)).map((m) => m.id)).toEqual([
      expect.any(String),
      retry.body.message.id,
    ]);
  });

  it('dies without a word (no abandonment): the retry waits out the claim, then stores the message once', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    restore = injectFaults((command, input) =>
      putsMessage(command, input) || abandonsClaim(command, input) ? died() : undefined,
    );
    const body = { text: 'Stored once', clientMessageId: 'dies-1' };
    const failed = await invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id: conv.id }, body });
    expect(failed.status).toBe(500);
    restore();
    restore = undefined;

    const retry = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expect(retry.status).toBe(201);
    const stored = await log(w.customer.token, conv.id);
    expect(stored.map((m) => [m.seq, m.clientMessageId])).toEqual([
      [1, undefined],
      [2, 'dies-1'],
    ]);
    expect(stored[1]).toEqual(retry.body.message);
  });

  it('is only slow: a retry that stopped waiting and the slow send both store it, and it is stored once', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const hold = holdFirstRequest((operation, body) => operation === 'PutItem' && body.Item?.entity?.S === 'message');
    restore = hold.restore;
    const body = { text: 'Stored once', clientMessageId: 'slow-1' };
    const slow = invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id: conv.id }, body });
    await hold.reached; // claimed, its message not written yet
    // Meanwhile others send, and the retry waits out the claim, then takes it over and stores the message.
    await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.seller.token, body: { text: 'Hi!' } });
    const retry = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expect([200, 201]).toContain(retry.status);
    hold.release();
    const late = await slow;
    expect([200, 201]).toContain(late.status);

    expect(late.body.message).toEqual(retry.body.message);
    const stored = await log(w.customer.token, conv.id);
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(stored.filter((m) => m.clientMessageId === 'slow-1')).toEqual([retry.body.message]);
  });
});
