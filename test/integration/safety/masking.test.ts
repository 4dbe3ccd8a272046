import { afterEach, describe, expect, it } from 'vitest';
import { cachedPolicy, POLICY_CACHE_MS } from '#shared/policy/policy';
import { emailWorld } from '#test/support/email/email-world';
import { waitForEmails } from '#test/support/email/inbox';
import { call } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

const PHONE = '+49 151 23456789';
const WRITTEN = `Call me on ${PHONE} or mail cora@gmail.com, photos at https://pics.example.net/k1`;
const MASKED = 'Call me on [hidden] or mail [hidden], photos at [hidden]';

const setPolicy = async (token: string, body: Record<string, unknown>) => {
  const res = await call('PUT', '/v1/policy', { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('GET/PUT /v1/policy', () => {
  it('is `allow` until the tenant sets one; PUT replaces it (domains lower-cased) and GET shows it, per tenant', async () => {
    const w = await newWorld();
    const other = await newWorld();
    expect((await call('GET', '/v1/policy', { token: w.service })).body).toEqual({
      contactInfo: 'allow',
      allowDomains: [],
    });
    expect(await setPolicy(w.service, { contactInfo: 'mask', allowDomains: ['Shop.Example'] })).toEqual({
      contactInfo: 'mask',
      allowDomains: ['shop.example'],
    });
    expect((await call('GET', '/v1/policy', { token: w.service })).body).toEqual({
      contactInfo: 'mask',
      allowDomains: ['shop.example'],
    });
    expect(await setPolicy(w.service, { contactInfo: 'mask-before-order' })).toEqual({
      contactInfo: 'mask-before-order',
      allowDomains: [],
    });
    expect((await call('GET', '/v1/policy', { token: other.service })).body.contactInfo).toBe('allow');
  });

  it('reaches the send path of every function within 30 s: each keeps a tenant’s policy that long', async () => {
    const w = await newWorld();
    // This test process is a function of its own (its own cache), like another Lambda; time is injected.
    expect(await cachedPolicy(w.tenant, 1_000)).toEqual({ contactInfo: 'allow', allowDomains: [] });
    await setPolicy(w.service, { contactInfo: 'mask' });
    expect((await cachedPolicy(w.tenant, 1_000 + POLICY_CACHE_MS - 1)).contactInfo).toBe('allow');
    expect((await cachedPolicy(w.tenant, 1_000 + POLICY_CACHE_MS)).contactInfo).toBe('mask');
    // GET /v1/policy always reads what was stored.
    expect((await call('GET', '/v1/policy', { token: w.service })).body.contactInfo).toBe('mask');
  });

  it('422 naming every bad field', async () => {
    const w = await newWorld();
    const res = await call('PUT', '/v1/policy', {
      token: w.service,
      body: { contactInfo: 'hide', allowDomains: ['https://shop.example/', 'ok.example'] },
    });
    const problem = expectProblem(res, 422);
    expect(Object.keys(problem.errors ?? {}).sort()).toEqual(['allowDomains.0', 'contactInfo']);
  });
});

describe('with `mask`, contact details never reach the other side, on any channel', () => {
  it('HTTP: the stored message, the other side’s push, the history and the preview are masked; the original shows nowhere', async () => {
    const w = await newWorld();
    await setPolicy(w.service, { contactInfo: 'mask', allowDomains: ['shop.example'] });
    const { id } = await w.openProductConversation();
    const seller = await connectWs(w.seller.token);
    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: `${WRITTEN} or https://shop.example/p/1`, clientMessageId: 'c-1' },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({
      text: `${MASKED} or https://shop.example/p/1`,
      moderation: { masked: true },
    });
    const pushed = await seller.next({ type: 'message.created' });
    expect(pushed.message).toEqual(sent.body.message);
    const history = await call('GET', `/v1/conversations/${id}/messages?limit=1`, { token: w.seller.token });
    expect(history.body.items).toEqual([sent.body.message]);
    await eventually(async () => {
      const conversation = (await call('GET', `/v1/conversations/${id}`, { token: w.seller.token })).body;
      expect(conversation.lastMessage.text).toBe(sent.body.message.text);
    });
    // A retry of the same send (same text as written) is the same message, masked the same.
    const retry = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: `${WRITTEN} or https://shop.example/p/1`, clientMessageId: 'c-1' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body.message).toEqual(sent.body.message);
    for (const body of [sent.body, pushed, history.body]) expect(JSON.stringify(body)).not.toContain('23456789');
    // Text without contact details is untouched and carries no moderation note.
    const plain = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'Shipping takes 2-3 days, order #12345678.' },
    });
    expect(plain.body.message).not.toHaveProperty('moderation');
    expect(plain.body.message.text).toBe('Shipping takes 2-3 days, order #12345678.');
  });

  it('WebSocket: the ack and the other side’s message.created carry the masked text', async () => {
    const w = await newWorld();
    await setPolicy(w.service, { contactInfo: 'mask' });
    const { id } = await w.openProductConversation();
    const customer = await connectWs(w.customer.token);
    const seller = await connectWs(w.seller.token);
    customer.send({ action: 'sendMessage', conversationId: id, text: WRITTEN, clientMessageId: 'w-1' });
    const ack = await customer.next({ type: 'message.ack' });
    expect(ack.message).toMatchObject({ text: MASKED, moderation: { masked: true } });
    expect((await seller.next({ type: 'message.created' })).message).toEqual(ack.message);
  });

  it('opening a conversation with a first message (core and compatibility 000): stored masked', async () => {
    const w = await newWorld();
    await setPolicy(w.service, { contactInfo: 'mask' });
    const opened = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId, message: WRITTEN },
    });
    expect(opened.body.lastMessage.text).toBe(MASKED);
    const chat = await call('POST', '/api/v1/chat/newChat', {
      token: w.customer.token,
      headers: { accept: 'application/json' },
      body: { message: `whatsapp ${PHONE}` },
    });
    expect(chat.status).toBe(200);
    expect(chat.body.chats.map((c: { message: string }) => c.message)).toEqual(['whatsapp [hidden]']);
  });

  it('emails: the new-conversation email and a notification email carry only the masked text', async () => {
    const w = await emailWorld();
    await setPolicy(w.service, { contactInfo: 'mask' });
    const { id } = await w.open({ message: WRITTEN });
    const [opened] = await waitForEmails(w.seller.email, 1);
    expect(opened!.body.text).toContain(MASKED);
    expect(`${opened!.body.text}${opened!.body.html}`).not.toContain('23456789');
    await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: `Sure, ring 0151 99887766` },
    });
    const [notified] = await waitForEmails(w.customer.email, 1);
    expect(notified!.body.text).toContain('Sure, ring [hidden]');
    expect(`${notified!.body.text}${notified!.body.html}`).not.toContain('99887766');
  });
});

describe('`mask-before-order` masks everywhere but in conversations about an order', () => {
  it('an order conversation keeps the text as written; a product conversation is masked', async () => {
    const w = await newWorld();
    await setPolicy(w.service, { contactInfo: 'mask-before-order' });
    const order = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-77' }, message: WRITTEN },
    });
    expect(order.status).toBe(201);
    expect(order.body.lastMessage.text).toBe(WRITTEN);
    const inOrder = await call('POST', `/v1/conversations/${order.body.id}/messages`, {
      token: w.seller.token,
      body: { text: `Courier will call ${PHONE}` },
    });
    expect(inOrder.body.message).not.toHaveProperty('moderation');
    const product = await w.openProductConversation({ message: WRITTEN });
    expect(product.lastMessage).toMatchObject({ text: MASKED });
  });
});
