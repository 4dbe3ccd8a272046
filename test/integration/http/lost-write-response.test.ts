import { afterEach, describe, expect, it } from 'vitest';
import { loseFirstResponse } from '#test/support/dynamo/faults';
import { call } from '#test/support/http/client';
import { invokeRoute } from '#test/support/http/invoke-route';
import { newWorld } from '#test/support/stack/world';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

const isMessage = (item: Record<string, any> | undefined) => item?.entity?.S === 'message';
const putsMessage = (operation: string, body: any) => operation === 'PutItem' && isMessage(body.Item);
const putsPointer = (operation: string, body: any) =>
  operation === 'PutItem' && body.Item?.entity?.S === 'client-message-id';

const log = async (token: string, conversationId: string) =>
  (await call('GET', `/v1/conversations/${conversationId}/messages?after=0`, { token })).body.items as Array<{
    id: string;
    seq: number;
    text: string;
  }>;

describe('a send whose write committed but whose response was lost stores the message once', () => {
  it('without a clientMessageId: the SDK retry finds its own message in the slot and answers 201 with it', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const fault = loseFirstResponse(putsMessage);
    restore = fault.restore;
    const res = await invokeRoute('SendMessage', {
      token: w.customer.token,
      pathParameters: { id: conv.id },
      body: { text: 'Only once, please' },
    });
    expect(fault.seen).toEqual({ lost: 1, resent: 1 });
    expect(res.status).toBe(201);
    expect(res.body.message).toMatchObject({ seq: 2, text: 'Only once, please' });
    const stored = await log(w.customer.token, conv.id);
    expect(stored.map((m) => [m.seq, m.text])).toEqual([
      [1, 'Hello'],
      [2, 'Only once, please'],
    ]);
    expect(stored[1]).toEqual(res.body.message);
  });

  it('with a clientMessageId: the message put retried by the SDK answers 201 with the one stored message', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const fault = loseFirstResponse(putsMessage);
    restore = fault.restore;
    const body = { text: 'Only once, please', clientMessageId: 'lost-1' };
    const res = await invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id: conv.id }, body });
    expect(fault.seen).toEqual({ lost: 1, resent: 1 });
    expect(res.status).toBe(201);
    const stored = await log(w.customer.token, conv.id);
    expect(stored.map((m) => m.seq)).toEqual([1, 2]);
    expect(stored[1]).toEqual(res.body.message);
    restore();
    restore = undefined;
    // The client's own retry, later, is the replay the contract describes: 200 with the same message.
    const replay = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expect(replay.status).toBe(200);
    expect(replay.body.message).toEqual(res.body.message);
  });

  it('with a clientMessageId: the claim of its pointer retried by the SDK finds itself, and the send answers 201', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const fault = loseFirstResponse(putsPointer);
    restore = fault.restore;
    const body = { text: 'Only once, please', clientMessageId: 'lost-2' };
    const res = await invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id: conv.id }, body });
    expect(fault.seen).toEqual({ lost: 1, resent: 1 });
    expect(res.status).toBe(201);
    const stored = await log(w.customer.token, conv.id);
    expect(stored.map((m) => m.seq)).toEqual([1, 2]);
    expect(stored[1]).toEqual(res.body.message);
  });
});
