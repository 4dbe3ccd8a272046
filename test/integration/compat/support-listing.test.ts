import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_AWAY_MESSAGE } from '#shared/compat/support-listing/away-prompt';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

/** Seed 002: GET /api/v1/chat/list for users (customers, guests) and admins (agents). */
const list = (token: string | undefined, query = '') =>
  call('GET', `/api/v1/chat/list${query}`, { ...(token && { token }), headers: { accept: 'application/json' } });
const newChat = (token: string | undefined, body: Record<string, unknown>, tenant?: string) =>
  call('POST', '/api/v1/chat/newChat', {
    ...(token && { token }),
    ...(tenant && { headers: { 'x-tenant': tenant } }),
    body,
  });

const FIELDS = [
  'success',
  'message',
  'status_code',
  'chats',
  'is_allAdminIdle',
  'show_admin_away_prompt',
  'admin_away_message',
  'conversations',
  'current_page',
  'last_page',
  'per_page',
  'total',
];
const ENTRY_FIELDS = [
  'chat_id',
  'conversation_id',
  'user_id',
  'user_name',
  'user_type',
  'subject',
  'product_id',
  'product_name',
  'unread_count',
  'created_at',
  'updated_at',
  'chats',
];
const SQL_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const texts = (chats: Array<{ message: string }>) => chats.map((c) => c.message);

afterEach(closeAllWs);

describe('seed 002 — GET /api/v1/chat/list for a user', () => {
  it('lists the support chat history in newChat’s shape, with the conversation and the away prompt', async () => {
    const w = await newWorld();
    const enquiry = await newChat(w.customer.token, { product_id: w.productId, message: 'Is it dishwasher safe?' });

    const res = await list(w.customer.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(Object.keys(res.body)).toEqual(FIELDS);
    expect(res.body).toMatchObject({
      success: true,
      message: 'success',
      status_code: 200,
      is_allAdminIdle: true,
      show_admin_away_prompt: true,
      admin_away_message: ADMIN_AWAY_MESSAGE,
      current_page: 1,
      last_page: 1,
      per_page: 20,
      total: 1,
    });
    // The same chats newChat answered: a 000 app renders them on the same screen.
    expect(res.body.chats).toEqual(enquiry.body.chats);
    for (const chat of res.body.chats) {
      expect(Object.keys(chat)).toEqual(['message', 'created_at', 'user', 'admin']);
      expect(chat.created_at).toMatch(SQL_TIME);
    }

    expect(res.body.conversations).toHaveLength(1);
    const [entry] = res.body.conversations;
    expect(Object.keys(entry)).toEqual(ENTRY_FIELDS);
    const core = (await call('POST', '/v1/support/conversations', { token: w.customer.token })).body.conversation;
    expect(entry).toMatchObject({
      chat_id: enquiry.body.chat_id,
      conversation_id: core.id,
      user_id: w.customer.id,
      user_name: 'Cora Customer',
      user_type: 'customer',
      subject: 'Support: Blue Kettle',
      product_id: w.productId,
      product_name: 'Blue Kettle',
      unread_count: 0,
    });
    expect(entry.created_at).toBe(`${core.createdAt.slice(0, 10)} ${core.createdAt.slice(11, 19)}`);
    expect(entry.updated_at).toMatch(SQL_TIME);
    expect(entry.chats).toEqual(res.body.chats);
  });

  it('is empty before the user ever chatted, and creates nothing', async () => {
    const w = await newWorld();
    const res = await list(w.customer.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ chats: [], conversations: [], total: 0, last_page: 1 });
    const agent = await w.user('agent-1', 'agent');
    expect((await call('GET', '/v1/support/conversations', { token: agent.token })).body.items).toEqual([]);
  });

  it('shows an agent’s reply with admin = 1 and reads it; a guest lists its own chat with its guest token', async () => {
    const w = await newWorld();
    const guestChat = await newChat(undefined, { message: 'Can I pay by invoice?' }, w.tenant);
    const guestToken = guestChat.body.token as string;
    const agent = await w.user('agent-1', 'agent');
    const conversationId = (await call('GET', '/v1/support/conversations', { token: agent.token })).body.items[0].id;
    expect(
      (
        await call('POST', `/v1/conversations/${conversationId}/messages`, {
          token: agent.token,
          body: { text: 'Yes, for businesses.' },
        })
      ).status,
    ).toBe(201);
    await eventually(async () =>
      expect((await call('GET', '/v1/unread', { token: guestToken })).body).toEqual({ total: 1, conversations: 1 }),
    );

    const res = await list(guestToken);
    expect(res.status).toBe(200);
    expect(res.body.chats).toEqual([
      expect.objectContaining({ message: 'Can I pay by invoice?', user: 1, admin: 0 }),
      expect.objectContaining({ message: 'Yes, for businesses.', user: 0, admin: 1 }),
    ]);
    expect(res.body.conversations[0]).toMatchObject({
      user_id: guestChat.body.user_id,
      user_type: 'guest',
      user_name: null,
      unread_count: 1,
      product_id: null,
    });
    // Showing it read it.
    expect((await call('GET', '/v1/unread', { token: guestToken })).body).toEqual({ total: 0, conversations: 0 });
    expect((await list(guestToken)).body.conversations[0].unread_count).toBe(0);
  });

  it('shows the admin-away prompt only while no agent is online', async () => {
    const w = await newWorld();
    await newChat(w.customer.token, { message: 'Hello' });
    const agent = await w.user('agent-1', 'agent');
    expect((await list(w.customer.token)).body).toMatchObject({ is_allAdminIdle: true, show_admin_away_prompt: true });
    const socket = await connectWs(agent.token);
    expect((await list(w.customer.token)).body).toMatchObject({
      is_allAdminIdle: false,
      show_admin_away_prompt: false,
      admin_away_message: ADMIN_AWAY_MESSAGE,
    });
    await call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'away' } });
    expect((await list(w.customer.token)).body).toMatchObject({ is_allAdminIdle: true, show_admin_away_prompt: true });
    await socket.close();
  });
});

describe('seed 002 — GET /api/v1/chat/list for an admin (agent)', () => {
  it('lists the tenant’s support queue, most recent first, each conversation with its chats', async () => {
    const w = await newWorld();
    const other = await newWorld();
    const bob = await w.user('cust-bob', 'customer', { name: 'Bob' });
    await newChat(w.customer.token, { product_id: w.productId, message: 'First question' });
    await newChat(bob.token, { message: 'Bob here' });
    await newChat(other.customer.token, { message: 'Another shop' });
    const agent = await w.user('agent-1', 'agent');

    const res = await eventually(async () => {
      const page = await list(agent.token);
      // Unread counts follow the table stream.
      expect(
        page.body.conversations.map((c: { user_id: string; unread_count: number }) => [c.user_id, c.unread_count]),
      ).toEqual([
        ['cust-bob', 1],
        ['cust-1', 2],
      ]);
      return page;
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(FIELDS);
    expect(res.body).toMatchObject({
      success: true,
      message: 'success',
      status_code: 200,
      chats: [],
      is_allAdminIdle: true,
      show_admin_away_prompt: false,
      admin_away_message: ADMIN_AWAY_MESSAGE,
      current_page: 1,
      last_page: 1,
      per_page: 20,
      total: 2,
    });
    const [bobs, coras] = res.body.conversations;
    for (const entry of res.body.conversations) expect(Object.keys(entry)).toEqual(ENTRY_FIELDS);
    expect(bobs).toMatchObject({
      user_name: 'Bob',
      user_type: 'customer',
      subject: 'Support',
      product_id: null,
      product_name: null,
      unread_count: 1,
    });
    expect(bobs.chats).toEqual([expect.objectContaining({ message: 'Bob here', user: 1, admin: 0 })]);
    expect(coras).toMatchObject({
      user_name: 'Cora Customer',
      product_id: w.productId,
      product_name: 'Blue Kettle',
      unread_count: 2,
    });
    expect(texts(coras.chats)).toEqual(['Blue Kettle', 'First question']);

    // An agent's reply through the core API shows with admin = 1; listing reads nothing for the team.
    await call('POST', `/v1/conversations/${coras.conversation_id}/messages`, {
      token: agent.token,
      body: { text: 'Hi Cora!' },
    });
    const after = await eventually(async () => {
      const page = await list(agent.token);
      expect(page.body.conversations[0].user_id).toBe('cust-1');
      return page;
    });
    expect(after.body.conversations[0].chats.at(-1)).toEqual(
      expect.objectContaining({ message: 'Hi Cora!', user: 0, admin: 1 }),
    );
    expect(after.body.conversations[1].unread_count).toBe(1);

    // Pages of 20, most recent first.
    const second = await list(agent.token, '?page=2');
    expect(second.body).toMatchObject({ conversations: [], current_page: 2, last_page: 1, total: 2 });
  });

  it('reports the agents’ presence to agents too', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    await connectWs(agent.token);
    expect((await list(agent.token)).body).toMatchObject({
      is_allAdminIdle: false,
      show_admin_away_prompt: false,
      conversations: [],
    });
  });
});

describe('seed 002 — errors in the { success: false, message, status_code, errors? } envelope', () => {
  it('needs a token of a user or an agent, and a valid page', async () => {
    const w = await newWorld();
    const anonymous = await list(undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ success: false, message: 'A valid bearer token is required.', status_code: 401 });
    for (const token of [w.seller.token, w.service]) {
      const res = await list(token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ success: false, status_code: 403 });
    }
    const page = await list(w.customer.token, '?page=0');
    expect(page.status).toBe(422);
    expect(page.body).toEqual({
      success: false,
      message: 'The page field must be at least 1.',
      status_code: 422,
      errors: { page: ['The page field must be at least 1.'] },
    });
  });
});
