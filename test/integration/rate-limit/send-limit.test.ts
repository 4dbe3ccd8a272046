import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as wsSendMessage } from '#functions/ws/send-message';
import { supportConversationId } from '#shared/chat/opening-plans';
import { connectionsOf } from '#shared/realtime/connections';
import { userMember } from '#shared/table/keys';
import { platformWorld } from '#test/support/compat/platform-world';
import { PLATFORM } from '#test/support/compat/public-keys';
import { documentedResponse, serverEventSchema, violations } from '#test/support/contract/openapi';
import { call } from '#test/support/http/client';
import { invokeRoute } from '#test/support/http/invoke-route';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';
import { frameEvent } from '#test/support/ws/frame-event';

/**
 * The per-user message limit at its deployed defaults (5 a second, bursts of 20). The shared stack runs with the
 * limit raised (test/support/stack/global-setup.ts), so these tests run the real handlers in this process, against
 * the same table, with the defaults, and with the clock frozen: counts and waits are then exact.
 */
beforeEach(() => {
  vi.stubEnv('SEND_RATE_PER_SECOND', undefined);
  vi.stubEnv('SEND_BURST', undefined);
});
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await closeAllWs();
});

/**
 * Freezes this process's clock (Date only) a second after the setup, which went through the shared stack: the
 * tokens its sends took at the stack's own clock have come back by then. Returns the frozen time.
 */
const freezeClock = () => {
  const t0 = Date.now() + 1_000;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(t0);
  return t0;
};

type Reply = Awaited<ReturnType<typeof invokeRoute>>;
const statuses = (replies: Reply[]) => replies.map((r) => r.status).sort();

/** A 429 as `template` documents it (body, media type, required headers), with the wait at the frozen clock: 1 s. */
const expectRateLimited = (reply: Reply, method: string, template: string) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(429);
  const documented = documentedResponse(method, template, 429);
  expect(reply.headers['content-type']).toBe(documented.mediaType);
  for (const [name, header] of Object.entries(documented.headers))
    if (header.required) expect(reply.headers[name], name).toEqual(expect.any(String));
  expect(reply.headers['Retry-After']).toBe('1');
  expect(violations(documented.schema, reply.body)).toEqual([]);
};

const storedTexts = async (token: string, id: string) => {
  const page = await call('GET', `/v1/conversations/${id}/messages?after=0&limit=100`, { token });
  expect(page.status).toBe(200);
  return page.body.items.map((m: { seq: number; text: string }) => [m.seq, m.text]) as Array<[number, string]>;
};

const sendAs =
  (token: string, id: string) =>
  (text: string, clientMessageId?: string): Promise<Reply> =>
    invokeRoute('SendMessage', {
      token,
      pathParameters: { id },
      body: { text, ...(clientMessageId !== undefined && { clientMessageId }) },
    });

/** Spends a sender's whole burst: 20 sends, all stored (one after another: the clock stands still). */
const spendBurst = async (send: (text: string) => Promise<Reply>) => {
  for (let i = 0; i < 20; i++) expect((await send(`burst ${i}`)).status).toBe(201);
};

// Concurrent sends into one conversation contend for its seqs: slow on a busy shared machine, hence the timeout.
describe('the per-user message limit (5/s, bursts of 20)', { timeout: 90_000 }, () => {
  it('HTTP: of 25 concurrent sends exactly 20 are stored, the rest get 429 problem+json with Retry-After; a second later exactly 5 more', async () => {
    const w = await newWorld();
    const elsewhere = await newWorld(); // the same user ids, in another tenant
    const { id } = await w.openProductConversation();
    const other = await elsewhere.openProductConversation();
    const t0 = freezeClock();
    const send = sendAs(w.seller.token, id);

    const first = await Promise.all(Array.from({ length: 25 }, (_, i) => send(`first ${i}`)));
    expect(statuses(first)).toEqual([...Array(20).fill(201), ...Array(5).fill(429)]);
    for (const refused of first.filter((r) => r.status === 429)) {
      expectRateLimited(refused, 'POST', '/v1/conversations/{id}/messages');
      expect(refused.body).toMatchObject({
        title: 'Too Many Requests',
        detail: 'Rate limit exceeded; retry after 1 s.',
      });
    }
    vi.setSystemTime(t0 + 1_000);
    const second = await Promise.all(Array.from({ length: 10 }, (_, i) => send(`second ${i}`)));
    expect(statuses(second)).toEqual([...Array(5).fill(201), ...Array(5).fill(429)]);

    // Refused sends stored nothing: the opening message and the 25 accepted ones, seqs gap-free.
    const stored = await storedTexts(w.customer.token, id);
    expect(stored.map(([seq]) => seq)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    const accepted = [...first, ...second].filter((r) => r.status === 201).map((r) => r.body.message.text);
    expect(
      stored
        .slice(1)
        .map(([, text]) => text)
        .sort(),
    ).toEqual(accepted.sort());
    // The bucket is that user's in that tenant: the other participant, and the same id elsewhere, send as usual.
    expect((await sendAs(w.customer.token, id)('still here')).status).toBe(201);
    expect((await sendAs(elsewhere.seller.token, other.id)('another shop')).status).toBe(201);
  });

  it('answers a retry of a stored clientMessageId with its message (200) even with the budget spent; a new one is refused', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    freezeClock();
    const send = sendAs(w.seller.token, id);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => send(`text ${i}`, `c-${i}`)));
    expect(statuses(burst)).toEqual(Array(20).fill(201));

    expectRateLimited(await send('one too many', 'c-new'), 'POST', '/v1/conversations/{id}/messages');
    const retried = await send('text 7', 'c-7');
    expect(retried.status).toBe(200);
    expect(retried.body.message).toEqual(burst[7]!.body.message);
    // Being let through is no way around the rest of the send: the same id with other text is still a conflict.
    expect((await send('other text', 'c-7')).status).toBe(409);
    expectRateLimited(await send('one too many', 'c-new'), 'POST', '/v1/conversations/{id}/messages');
    expect(await storedTexts(w.customer.token, id)).toHaveLength(21);
  });

  it('opening: a message to store needs a token (429 creates and appends nothing), a filled-in one too; opening without one needs none', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    freezeClock();
    await spendBurst(sendAs(w.customer.token, id));
    const open = (body: Record<string, unknown>) =>
      invokeRoute('CreateConversation', { token: w.customer.token, body });

    const direct = await open({ participantId: w.seller.id, topic: { type: 'order', id: 'o-1' }, message: 'Hi!' });
    expectRateLimited(direct, 'POST', '/v1/conversations');
    expectRateLimited(
      await open({ productId: w.productId, message: 'And another thing' }),
      'POST',
      '/v1/conversations',
    );
    // A new product conversation stores its filled-in first message: that needs a token too, taken with the create.
    expect(
      (
        await call('PUT', '/v1/catalog/products/p-2', {
          token: w.service,
          body: { name: 'Red Kettle', sellerId: w.seller.id },
        })
      ).status,
    ).toBe(200);
    expectRateLimited(await open({ productId: 'p-2' }), 'POST', '/v1/conversations');
    const support = await invokeRoute('OpenSupportConversation', {
      token: w.customer.token,
      body: { message: 'Help' },
    });
    expectRateLimited(support, 'POST', '/v1/support/conversations');
    expect((await call('GET', '/v1/conversations', { token: w.customer.token })).body.items).toHaveLength(1);
    expect(await storedTexts(w.customer.token, id)).toHaveLength(21);

    // Nothing to store, nothing to take: the existing conversation, and a new direct one without a message.
    expect((await open({ productId: w.productId })).status).toBe(200);
    const empty = await open({ participantId: w.seller.id, topic: { type: 'order', id: 'o-1' } });
    expect([empty.status, empty.body.lastMessage]).toEqual([201, null]);
  });

  it('newChat: its product line and message take their two tokens at once: with one left, 429 stores neither', async () => {
    const w = await newWorld();
    const { token } = w.customer;
    const newChat = (body: Record<string, unknown>) => invokeRoute('CompatProductEnquiryNewChat', { token, body });
    freezeClock();
    expect((await newChat({ message: 'Hello' })).status).toBe(200);
    const id = supportConversationId({ tenant: w.tenant, userId: w.customer.id });
    const send = sendAs(token, id);
    for (let i = 0; i < 18; i++) expect((await send(`burst ${i}`)).status).toBe(201);

    // One token left, two lines: refused, and neither is stored (not the product line alone).
    expectRateLimited(await newChat({ product_id: w.productId, message: 'In stock?' }), 'POST', '/api/v1/chat/newChat');
    expect(await storedTexts(token, id)).toHaveLength(19);
    // One line takes the last token.
    expect((await newChat({ message: 'In stock?' })).status).toBe(200);
    expect(await storedTexts(token, id)).toHaveLength(20);
  });

  it('WebSocket: the sending connection gets an error event with status 429, and nothing is stored', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const socket = await connectWs(w.seller.token);
    const [connection] = await connectionsOf(w.tenant, [userMember(w.seller.id)]);
    freezeClock();
    // One budget per user, whatever the channel: spent over HTTP, refused over WebSocket.
    await spendBurst(sendAs(w.seller.token, id));

    await wsSendMessage(frameEvent(connection!, { action: 'sendMessage', conversationId: id, text: 'one too many' }));
    const error = await socket.next({ type: 'error' });
    expect(error).toMatchObject({
      type: 'error',
      status: 429,
      title: 'Too Many Requests',
      detail: 'Rate limit exceeded; retry after 1 s.',
    });
    expect(violations(serverEventSchema('error'), error)).toEqual([]);
    expect((await storedTexts(w.customer.token, id)).map(([, text]) => text)).not.toContain('one too many');
  });

  it('every dialect that stores messages answers 429 in its own body, with Retry-After', async () => {
    const w = await platformWorld();
    const opened = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    freezeClock();
    await spendBurst(sendAs(w.customer.token, id));
    const token = w.customer.token;

    const v2Send = await invokeRoute('CompatConversationsV2InsertMessage', {
      token,
      body: { conversation_id: id, message: 'hi' },
    });
    expectRateLimited(v2Send, 'POST', '/api/v2/chat/insert-message');
    expect(v2Send.body).toEqual({ message: 'Too Many Attempts.' });
    const v2Open = await invokeRoute('CompatConversationsV2CreateConversation', {
      token,
      body: { product_id: w.productId, message: 'hi again' },
    });
    expectRateLimited(v2Open, 'POST', '/api/v2/chat/create-conversation');
    const v4Send = await invokeRoute('CompatParticipantsSendMessage', {
      token,
      pathParameters: { uuid: id },
      headers: { 'x-public-key': PLATFORM.key },
      body: { text: 'hi' },
    });
    expectRateLimited(v4Send, 'POST', '/api/v1/chat/conversations/{uuid}/messages');
    expect(v4Send.body).toEqual({ message: 'Too Many Attempts.' });
    const v0 = await invokeRoute('CompatProductEnquiryNewChat', { token, body: { message: 'hi' } });
    expectRateLimited(v0, 'POST', '/api/v1/chat/newChat');
    expect(v0.body).toEqual({ success: false, message: 'Rate limit exceeded; retry after 1 s.', status_code: 429 });
    // The same into the support conversation once it exists (opened without a message: no token needed).
    expect((await invokeRoute('OpenSupportConversation', { token, body: {} })).status).toBe(201);
    expectRateLimited(
      await invokeRoute('CompatProductEnquiryNewChat', { token, body: { message: 'hi' } }),
      'POST',
      '/api/v1/chat/newChat',
    );
    expect(await storedTexts(token, id)).toHaveLength(21);
  });
});
