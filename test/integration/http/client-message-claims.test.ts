import { afterEach, describe, expect, it, vi } from 'vitest';
import { getClientMessagePointer, pointerOwner } from '#shared/chat/items/client-message-pointer';
import { deterministicId } from '#shared/ids';
import { attach } from '#test/support/attachments/files';
import { holdFirstRequest, injectFaults } from '#test/support/dynamo/faults';
import { call } from '#test/support/http/client';
import { invokeRoute } from '#test/support/http/invoke-route';
import { newWorld } from '#test/support/stack/world';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  vi.unstubAllEnvs();
});

const putsMessage = (command: string, input: any) => command === 'PutCommand' && input.Item?.entity === 'message';
const died = () => new Error('Injected: the process died here');

/** The first round's Query of the header and the tip (conversation-store.ts readHeadAndTip). */
const readsHeadAndTip = (operation: string, body: any) =>
  operation === 'Query' && body.Limit === 2 && String(body.KeyConditionExpression).includes('begins_with');

/** A send's giving back of its claim (client-message-pointer.ts releaseClaim). */
const givesBackClaim = (body: any) => String(body.Key?.SK?.S).startsWith('CMID#');

/** Waits until the send's claim of `owner` is in the table. */
const claimed = async (owner: Parameters<typeof getClientMessagePointer>[0]) => {
  for (let i = 0; i < 200 && !(await getClientMessagePointer(owner)); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await getClientMessagePointer(owner)).toMatchObject({ messageId: expect.any(String) });
};

const log = async (token: string, conversationId: string) =>
  (await call('GET', `/v1/conversations/${conversationId}/messages?after=0`, { token })).body.items as Array<{
    id: string;
    seq: number;
    text: string;
    clientMessageId?: string;
  }>;

/**
 * A send with a clientMessageId claims its pointer in its first round trip, then stores the message
 * (shared/chat/send-message.ts): two writes, so a send can stop between them. Whatever happens there, a retry gets the
 * message stored exactly once; and a send refused before it writes leaves no claim behind.
 */
describe('a send that stops between claiming its clientMessageId and storing the message', () => {
  it('is refused before it writes (422): it gives its claim back, so the same clientMessageId is a new send', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const owner = pointerOwner({ tenant: w.tenant, userId: w.customer.id }, conv.id, 'refused-1');
    const refused = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.customer.token,
      body: { text: 'With a file', clientMessageId: 'refused-1', attachments: ['no-such-attachment'] },
    });
    expect(refused.status).toBe(422);
    expect(await getClientMessagePointer(owner)).toBeUndefined();
    // Not a 409 (another message under that id), and not a wait for a claim: a new send, at once.
    const body = { text: 'Without it', clientMessageId: 'refused-1' };
    const sent = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expect(sent.status).toBe(201);
    expect(await getClientMessagePointer(owner)).toMatchObject({ messageId: sent.body.message.id });
  });

  it('is refused as a non-participant (404): no claim is left in the conversation', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const stranger = await w.user('stranger-1');
    const res = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: stranger.token,
      body: { text: 'Let me in', clientMessageId: 'stranger-1' },
    });
    expect(res.status).toBe(404);
    expect(
      await getClientMessagePointer(pointerOwner({ tenant: w.tenant, userId: stranger.id }, conv.id, 'stranger-1')),
    ).toBeUndefined();
  });

  it('fails once its write was tried: the claim stays; the retry waits it out, stores the message once (201), a later retry gets it (200)', async () => {
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
    const stored = await log(w.customer.token, conv.id);
    expect(stored.map((m) => [m.seq, m.clientMessageId])).toEqual([
      [1, undefined],
      [2, 'stops-1'],
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

  it("reads the conversation late (its first round stalled past the retry's patience): the retry stores the message, and the slow send finds it instead of storing it again", async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const owner = pointerOwner({ tenant: w.tenant, userId: w.customer.id }, conv.id, 'stalled-1');
    const hold = holdFirstRequest(readsHeadAndTip);
    restore = hold.restore;
    const body = { text: 'Stored once', clientMessageId: 'stalled-1' };
    const slow = invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id: conv.id }, body });
    await hold.reached;
    await claimed(owner); // claimed; the header and tip not read yet
    const retry = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expect(retry.status).toBe(201);
    hold.release(); // the slow send now reads a tip that is its own message, stored by the retry
    const late = await slow;
    expect([200, 201]).toContain(late.status);
    expect(late.body.message).toEqual(retry.body.message);
    const stored = await log(w.customer.token, conv.id);
    expect(stored.map((m) => [m.seq, m.clientMessageId])).toEqual([
      [1, undefined],
      [2, 'stalled-1'],
    ]);
  });

  it('is refused (429) while a retry takes its claim over: the claim is not given back under the message the retry stored, so a later retry gets it (200)', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    // In this process, a limit of one message a second: the send below spends it, so the next is refused.
    vi.stubEnv('SEND_RATE_PER_SECOND', '1');
    vi.stubEnv('SEND_BURST', '1');
    const send = (text: string, clientMessageId?: string) =>
      invokeRoute('SendMessage', {
        token: w.customer.token,
        pathParameters: { id: conv.id },
        body: { text, ...(clientMessageId !== undefined && { clientMessageId }) },
      });
    expect((await send('Spends the token')).status).toBe(201);
    // The refused send's giving back of its claim is slow to reach the table.
    const hold = holdFirstRequest((operation, body) => operation === 'DeleteItem' && givesBackClaim(body));
    restore = hold.restore;
    const refused = send('Stored once', 'refused-2');
    await hold.reached;
    // Its retry finds the claim (a retry needs no token), waits it out and stores the message under the claimed id.
    const retry = await send('Stored once', 'refused-2');
    expect(retry.status).toBe(201);
    hold.release();
    expect((await refused).status).toBe(429);
    const again = await send('Stored once', 'refused-2');
    expect(again.status).toBe(200);
    expect(again.body.message).toEqual(retry.body.message);
    const stored = await log(w.customer.token, conv.id);
    expect(stored.filter((m) => m.clientMessageId === 'refused-2')).toEqual([retry.body.message]);
  });

  it('claims its clientMessageId while the conversation is being opened with a message under the same one: the message is stored once', async () => {
    const w = await newWorld();
    const id = deterministicId(w.tenant, 'product', w.customer.id, w.productId);
    const owner = pointerOwner({ tenant: w.tenant, userId: w.customer.id }, id, 'opening-1');
    // The send claims first and reads the conversation last: the opening commits in between.
    const hold = holdFirstRequest(readsHeadAndTip);
    restore = hold.restore;
    const body = { text: 'Hello', clientMessageId: 'opening-1' };
    const sent = invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id }, body });
    await hold.reached;
    await claimed(owner);
    const open = () =>
      call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { productId: w.productId, message: 'Hello', clientMessageId: 'opening-1' },
      });
    const opening = open();
    // The send reads the conversation once the opening is done, or has tried for a while (kept from it by the claim).
    await Promise.race([opening, new Promise((r) => setTimeout(r, 1_500))]);
    hold.release();
    const [send, opened] = await Promise.all([sent, opening]);
    // Either order is an answer (the send may find no conversation yet: 404), but never a second copy.
    expect([200, 201, 404]).toContain(send.status);
    expect([201, 429]).toContain(opened.status);
    if (opened.status === 429) expect((await open()).status).toBe(201);
    const stored = await log(w.customer.token, id);
    expect(stored.map((m) => [m.seq, m.clientMessageId])).toEqual([[1, 'opening-1']]);
    const retry = await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body });
    expect(retry.status).toBe(200);
    expect(retry.body.message).toEqual(stored[0]);
  });

  it('left a claim on a conversation that does not exist (it died before giving it back): opening the conversation with that clientMessageId is not blocked by it for long', async () => {
    const w = await newWorld();
    const id = deterministicId(w.tenant, 'product', w.customer.id, w.productId);
    const deletesClaim = (command: string, input: any) =>
      command === 'DeleteCommand' && String(input.Key?.SK).startsWith('CMID#');
    restore = injectFaults((command, input) => (deletesClaim(command, input) ? died() : undefined));
    const body = { text: 'Hello', clientMessageId: 'dead-1' };
    const lost = await invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id }, body });
    expect(lost.status).toBe(404);
    restore();
    restore = undefined;
    await claimed(pointerOwner({ tenant: w.tenant, userId: w.customer.id }, id, 'dead-1'));
    await new Promise((r) => setTimeout(r, 3_100));
    const opened = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId, message: 'Hello', clientMessageId: 'dead-1' },
    });
    expect(opened.status).toBe(201);
    const retry = await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body });
    expect(retry.status).toBe(200);
    expect((await log(w.customer.token, id)).map((m) => [m.seq, m.clientMessageId, m.id])).toEqual([
      [1, 'dead-1', retry.body.message.id],
    ]);
  });

  it('is refused (422) by its write, its attachment sent in another message meanwhile: it gives its claim back too', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const photo = await attach(w.customer.token, conv.id);
    const first = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.customer.token,
      body: { text: 'The photo', attachments: [photo] },
    });
    expect(first.status).toBe(201);
    // A send that may be a retry leaves an attachment already sent to its transaction, which refuses it.
    const owner = pointerOwner({ tenant: w.tenant, userId: w.customer.id }, conv.id, 'taken-1');
    const refused = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.customer.token,
      body: { text: 'The photo again', attachments: [photo], clientMessageId: 'taken-1' },
    });
    expect(refused.status).toBe(422);
    expect(await getClientMessagePointer(owner)).toBeUndefined();
    const body = { text: 'Without it', clientMessageId: 'taken-1' };
    const sent = await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ seq: 3, text: 'Without it' });
  });

  it('is reused with other text while the first send is still storing its message: 409, and the first send stores its own text', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const hold = holdFirstRequest((operation, body) => operation === 'PutItem' && body.Item?.entity?.S === 'message');
    restore = hold.restore;
    const slow = invokeRoute('SendMessage', {
      token: w.customer.token,
      pathParameters: { id: conv.id },
      body: { text: 'The first', clientMessageId: 'reused-1' },
    });
    await hold.reached;
    const other = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.customer.token,
      body: { text: 'Something else', clientMessageId: 'reused-1' },
    });
    expect(other.status).toBe(409);
    hold.release();
    const first = await slow;
    expect(first.status).toBe(201);
    expect(first.body.message).toMatchObject({ seq: 2, text: 'The first' });
    const stored = await log(w.customer.token, conv.id);
    expect(stored.map((m) => [m.seq, m.text])).toEqual([
      [1, 'Hello'],
      [2, 'The first'],
    ]);
  });

  it('races its own duplicates: of 8 concurrent sends with one clientMessageId one message is stored, and all get it', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    const body = { text: 'Once among many', clientMessageId: 'race-1' };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.message.id)).size).toBe(1);
    expect((await log(w.customer.token, conv.id)).map((m) => m.seq)).toEqual([1, 2]);
  });
});
