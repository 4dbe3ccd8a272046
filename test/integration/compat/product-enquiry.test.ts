import { afterEach, describe, expect, it } from 'vitest';
import { call, type HttpReply, ownSourceAddress } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

/** Seed 000: POST /api/v1/chat/newChat, token optional. */
const newChat = (body: Record<string, unknown>, options: { token?: string; tenant?: string; from?: string } = {}) =>
  call('POST', '/api/v1/chat/newChat', {
    ...(options.token && { token: options.token }),
    headers: { accept: 'application/json', ...(options.tenant && { 'x-tenant': options.tenant }) },
    body,
    ...(options.from && { from: options.from }),
  });

const DOCUMENTED_FIELDS = ['success', 'message', 'status_code', 'chats', 'is_allAdminIdle'];
const FIELDS = [...DOCUMENTED_FIELDS, 'chat_id', 'user_id'];
const CHAT_FIELDS = ['message', 'created_at', 'user', 'admin'];
const SQL_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
const supportConversation = async (token: string) =>
  (await call('POST', '/v1/support/conversations', { token })).body.conversation;

afterEach(closeAllWs);

describe('seed 000 — POST /api/v1/chat/newChat with a token', () => {
  it('answers the documented body field by field, the product name auto-filled as the first message', async () => {
    const w = await newWorld();
    const res = await newChat({ user_id: 123, product_id: w.productId }, { token: w.customer.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('x-guest-token')).toBeNull();
    expect(Object.keys(res.body)).toEqual(FIELDS);
    expect(res.body).toMatchObject({
      success: true,
      message: 'success',
      status_code: 200,
      is_allAdminIdle: true,
      user_id: w.customer.id,
    });
    expect(Number.isInteger(res.body.chat_id)).toBe(true);
    expect(res.body.chats).toHaveLength(1);
    const [chat] = res.body.chats;
    expect(Object.keys(chat)).toEqual(CHAT_FIELDS);
    expect(chat).toMatchObject({ message: 'Blue Kettle', user: 1, admin: 0 });
    expect(chat.created_at).toMatch(SQL_TIME);

    // The core's support conversation of this customer, about the product; its first message is that line.
    const core = await supportConversation(w.customer.token);
    expect(core).toMatchObject({
      topic: { type: 'support', id: w.customer.id },
      product: { id: w.productId, name: 'Blue Kettle' },
      subject: 'Support: Blue Kettle',
    });
    const log = (await call('GET', `/v1/conversations/${core.id}/messages`, { token: w.customer.token })).body.items;
    expect(log.map((m: { text: string; senderId: string }) => [m.text, m.senderId])).toEqual([
      ['Blue Kettle', w.customer.id],
    ]);
    expect(chat.created_at).toBe(`${log[0].createdAt.slice(0, 10)} ${log[0].createdAt.slice(11, 19)}`);
  });

  it('sends the product line, then message, and reuses the conversation with its history on later calls', async () => {
    const w = await newWorld();
    const first = await newChat(
      { user_id: 123, product_id: w.productId, message: 'Hello, I have a query about my recent order.' },
      { token: w.customer.token },
    );
    expect(first.body.chats.map((c: { message: string }) => c.message)).toEqual([
      'Blue Kettle',
      'Hello, I have a query about my recent order.',
    ]);
    const again = await newChat({ message: 'Anyone there?' }, { token: w.customer.token });
    expect(again.status).toBe(200);
    expect(again.body.chat_id).toBe(first.body.chat_id);
    expect(again.body.chats).toEqual([
      ...first.body.chats,
      expect.objectContaining({ message: 'Anyone there?', user: 1, admin: 0 }),
    ]);
    // No product and no message: the chat screen with its history, nothing stored.
    const open = await newChat({}, { token: w.customer.token });
    expect(open.body.chats).toEqual(again.body.chats);
  });

  it('never trusts user_id over the token', async () => {
    const w = await newWorld();
    const victim = await w.user('cust-victim');
    const victimChat = await newChat({ message: 'Mine' }, { token: victim.token });
    const forged = await newChat({ user_id: victim.id, message: 'Forged' }, { token: w.customer.token });
    expect(forged.status).toBe(200);
    expect(forged.body.user_id).toBe(w.customer.id);
    expect(forged.body.chat_id).not.toBe(victimChat.body.chat_id);
    expect(forged.body.chats.map((c: { message: string }) => c.message)).toEqual(['Forged']);
    const victimLog = (await newChat({}, { token: victim.token })).body.chats;
    expect(victimLog.map((c: { message: string }) => c.message)).toEqual(['Mine']);
  });

  it('stores nothing twice when retried with the same client_message_id', async () => {
    const w = await newWorld();
    const body = { product_id: w.productId, message: 'Is it in stock?', client_message_id: 'enq-1' };
    const first = await newChat(body, { token: w.customer.token });
    const retry = await newChat(body, { token: w.customer.token });
    expect(retry.body.chats).toEqual(first.body.chats);
    expect(retry.body.chats).toHaveLength(2);
    const core = await supportConversation(w.customer.token);
    const log = (await call('GET', `/v1/conversations/${core.id}/messages`, { token: w.customer.token })).body.items;
    expect(log.map((m: { seq: number; text: string }) => [m.seq, m.text])).toEqual([
      [2, 'Is it in stock?'],
      [1, 'Blue Kettle'],
    ]);
    // The same client_message_id with another text is a conflict, in the dialect's envelope.
    const conflict = await newChat(
      { message: 'Something else', client_message_id: 'enq-1' },
      { token: w.customer.token },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ success: false, status_code: 409 });
  });
});

describe('seed 000 — POST /api/v1/chat/newChat without a token', () => {
  it('creates a guest, returns its token, and the same guest continues with it (header or body token)', async () => {
    const w = await newWorld();
    const res = await newChat(
      { user_id: 123, product_id: w.productId, message: 'Do you ship abroad?' },
      { tenant: w.tenant },
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual([...FIELDS, 'token']);
    expect(res.body).toMatchObject({ success: true, message: 'success', status_code: 200, is_allAdminIdle: true });
    const token = res.body.token as string;
    expect(res.headers.get('x-guest-token')).toBe(token);
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ role: 'guest', tenant: w.tenant, sub: expect.stringMatching(/^guest_/) });
    expect(res.body.user_id).toBe(claims.sub);
    expect(res.body.chats.map((c: { message: string; user: number }) => [c.message, c.user])).toEqual([
      ['Blue Kettle', 1],
      ['Do you ship abroad?', 1],
    ]);

    // The returned token is a normal guest token: Authorization …
    const withHeader = await newChat({ message: 'Still there?' }, { token });
    expect(withHeader.status).toBe(200);
    expect(withHeader.body).not.toHaveProperty('token');
    expect(withHeader.body).toMatchObject({ chat_id: res.body.chat_id, user_id: claims.sub });
    // … or the document's body `token`.
    const withBodyToken = await newChat({ token, message: 'Hello again' }, {});
    expect(withBodyToken.status).toBe(200);
    expect(withBodyToken.body).not.toHaveProperty('token');
    expect(withBodyToken.body.chat_id).toBe(res.body.chat_id);
    expect(withBodyToken.body.chats.map((c: { message: string }) => c.message)).toEqual([
      'Blue Kettle',
      'Do you ship abroad?',
      'Still there?',
      'Hello again',
    ]);

    // It is the core's support conversation of that guest, in the tenant's queue.
    const agent = await w.user('agent-1', 'agent');
    const queue = (await call('GET', '/v1/support/conversations', { token: agent.token })).body.items;
    expect(queue).toHaveLength(1);
    expect(queue[0].participants[0]).toMatchObject({ userId: claims.sub, role: 'guest' });
  });

  it('makes a new guest of the default tenant without X-Tenant, and another guest per call', async () => {
    const a = await newChat({ message: 'Hi' });
    const b = await newChat({ message: 'Hi' });
    expect(a.status).toBe(200);
    expect(claimsOf(a.body.token).tenant ?? 'default').toBe('default');
    expect(a.body.user_id).not.toBe(b.body.user_id);
    expect(a.body.chat_id).not.toBe(b.body.chat_id);
  });

  it('shares the guest-session budget of the source IP: 429 in the envelope, with Retry-After', async () => {
    const w = await newWorld();
    const from = ownSourceAddress();
    const budget = Number(process.env.GUEST_SESSIONS_PER_MINUTE ?? 30);
    let limited: HttpReply | undefined;
    // Spend the minute's budget through POST /v1/guest-sessions (naming another shop: the budget is the address's,
    // across tenants), then ask newChat; a minute boundary in between refills it, so repeat.
    for (let round = 0; round < 3 && !limited; round++) {
      for (let i = 0; i <= budget; i++) {
        if ((await call('POST', '/v1/guest-sessions', { headers: { 'x-tenant': 'default' }, from })).status === 429)
          break;
      }
      const res = await newChat({ message: 'Hello?' }, { tenant: w.tenant, from });
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    expect(limited!.headers.get('content-type')).toContain('application/json');
    expect(limited!.body).toEqual({ success: false, message: expect.stringContaining('Rate limit'), status_code: 429 });
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // A caller with a token is not a new guest: not limited.
    expect((await newChat({ message: 'Signed in' }, { token: w.customer.token, from })).status).toBe(200);
  });
});

describe('seed 000 — agents and real time', () => {
  it('tells whether all admins are idle from agent presence', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    expect((await newChat({ message: 'Anyone?' }, { token: w.customer.token })).body.is_allAdminIdle).toBe(true);
    const socket = await connectWs(agent.token);
    expect((await newChat({ message: 'Now?' }, { token: w.customer.token })).body.is_allAdminIdle).toBe(false);
    await call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'away' } });
    expect((await newChat({}, { token: w.customer.token })).body.is_allAdminIdle).toBe(true);
    await call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'online' } });
    expect((await newChat({}, { token: w.customer.token })).body.is_allAdminIdle).toBe(false);
    await socket.close();
  });

  it('pushes the enquiry to a connected agent, shows it in the core API, and shows the agent’s reply with admin = 1', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent', { name: 'Ada' });
    const agentSocket = await connectWs(agent.token);

    const res = await newChat({ product_id: w.productId, message: 'Is the kettle 1.7 l?' }, { tenant: w.tenant });
    const guest = claimsOf(res.body.token).sub as string;
    const productLine = await agentSocket.next({ type: 'message.created' });
    const question = await agentSocket.next({ type: 'message.created' });
    expect(productLine.message).toMatchObject({ seq: 1, text: 'Blue Kettle', senderId: guest });
    expect(question.message).toMatchObject({ seq: 2, text: 'Is the kettle 1.7 l?', senderId: guest });
    expect(question.conversationId).toBe(productLine.conversationId);
    const conversationId = question.conversationId as string;

    // The agent sees it through the core API and answers there.
    const core = await call('GET', `/v1/conversations/${conversationId}/messages`, { token: agent.token });
    expect(core.body.items.map((m: { text: string }) => m.text)).toEqual(['Is the kettle 1.7 l?', 'Blue Kettle']);
    const reply = await call('POST', `/v1/conversations/${conversationId}/messages`, {
      token: agent.token,
      body: { text: 'Yes, 1.7 litres.' },
    });
    expect(reply.status).toBe(201);

    const guestView = await newChat({}, { token: res.body.token });
    expect(guestView.body.chats).toEqual([
      expect.objectContaining({ message: 'Blue Kettle', user: 1, admin: 0 }),
      expect.objectContaining({ message: 'Is the kettle 1.7 l?', user: 1, admin: 0 }),
      expect.objectContaining({ message: 'Yes, 1.7 litres.', user: 0, admin: 1 }),
    ]);
    expect(guestView.body.is_allAdminIdle).toBe(false);
    // Showing the chat read the reply (its own messages alone read nothing): the agent's socket hears it, the guest's badge is 0.
    expect(await agentSocket.next({ type: 'conversation.read' })).toEqual({
      type: 'conversation.read',
      conversationId,
      userId: guest,
      lastReadSeq: 3,
    });
    await eventually(async () =>
      expect((await call('GET', '/v1/unread', { token: res.body.token })).body).toEqual({ total: 0, conversations: 0 }),
    );
  });
});

describe('seed 000 — errors in the { success: false, message, status_code, errors? } envelope', () => {
  it('refuses bad tokens, other roles, bad input and unknown products', async () => {
    const w = await newWorld();
    const badToken = await call('POST', '/api/v1/chat/newChat', {
      headers: { authorization: 'Bearer not-a-jwt' },
      body: { message: 'x' },
    });
    expect(badToken.status).toBe(401);
    expect(badToken.body).toEqual({ success: false, message: expect.any(String), status_code: 401 });
    const badBodyToken = await newChat({ token: 'a.b.c', message: 'x' });
    expect(badBodyToken.status).toBe(401);
    expect(badBodyToken.body).toMatchObject({ success: false, status_code: 401 });

    for (const token of [w.seller.token, (await w.user('agent-1', 'agent')).token, w.service]) {
      const res = await newChat({ message: 'x' }, { token });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ success: false, status_code: 403 });
    }
    expect((await newChat({ token: w.seller.token, message: 'x' })).status).toBe(403);

    const invalid = await newChat({ message: '   ', product_id: true }, { token: w.customer.token });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toEqual({
      success: false,
      message: 'The message field is required.',
      status_code: 422,
      errors: { message: ['The message field is required.'], product_id: ['The selected product id is invalid.'] },
    });
    const unknown = await newChat({ product_id: 'nope' }, { token: w.customer.token });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toEqual({
      success: false,
      message: 'The product id is not a known product.',
      status_code: 422,
      errors: { product_id: ['The product id is not a known product.'] },
    });
    // Without a token too, before any guest is made.
    const unknownAsGuest = await newChat({ product_id: 'nope' }, { tenant: w.tenant });
    expect(unknownAsGuest.status).toBe(422);
    expect(unknownAsGuest.body).not.toHaveProperty('token');
    const badTenant = await newChat({ message: 'x' }, { tenant: 'no spaces' });
    expect(badTenant.status).toBe(422);
    expect(Object.keys(badTenant.body.errors)).toEqual(['x-tenant']);

    const notJson = await call('POST', '/api/v1/chat/newChat', { token: w.customer.token, rawBody: '{oops' });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ success: false, message: 'The body is not valid JSON.', status_code: 400 });
  });
});
