import { afterEach, describe, expect, it } from 'vitest';
import { registerConnection } from '#shared/realtime/connections';
import { sessionOf } from '#test/support/auth/sessions';
import { call, ownSourceAddress } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

const availability = async (token: string) => (await call('GET', '/v1/support/availability', { token })).body;

describe('guest → support → agent', () => {
  it('lets a guest reach support and get the agent’s reply over WebSocket', async () => {
    const w = await newWorld();
    const session = await call('POST', '/v1/guest-sessions', {
      headers: { 'x-tenant': w.tenant },
      body: { name: 'Gina', email: 'gina@example.test' },
    });
    expect(session.status).toBe(201);
    expect(session.body).toEqual({
      token: expect.any(String),
      userId: expect.stringMatching(/^guest_/),
      expiresAt: expect.any(String),
    });
    const hours = (Date.parse(session.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const guest = { id: session.body.userId as string, token: session.body.token as string };

    const agent = await w.user('agent-1', 'agent', { name: 'Ada' });
    const agentSocket = await connectWs(agent.token);
    const guestSocket = await connectWs(guest.token);

    const opened = await call('POST', '/v1/support/conversations', {
      token: guest.token,
      body: { message: 'Where is my parcel?', productId: w.productId },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.allAgentsIdle).toBe(false);
    const conversation = opened.body.conversation;
    expect(conversation).toMatchObject({
      topic: { type: 'support', id: guest.id },
      subject: 'Support: Blue Kettle',
      product: { id: 'p-1', name: 'Blue Kettle' },
      seller: null,
      lastMessage: { seq: 1, senderId: guest.id, text: 'Where is my parcel?' },
    });
    expect(conversation.participants).toEqual([
      expect.objectContaining({ userId: guest.id, role: 'guest', name: 'Gina' }),
      expect.objectContaining({ userId: 'support', role: 'agent', unreadCount: 1 }),
    ]);
    expect(await agentSocket.next({ type: 'message.created' })).toMatchObject({
      conversationId: conversation.id,
      message: { text: 'Where is my parcel?' },
    });

    // One support conversation per user: opening again returns it (and appends the message).
    const again = await call('POST', '/v1/support/conversations', { token: guest.token, body: { message: 'Hello?' } });
    expect(again.status).toBe(200);
    expect(again.body.conversation.id).toBe(conversation.id);
    expect(again.body.conversation.lastMessage).toMatchObject({ seq: 2, text: 'Hello?' });
    await agentSocket.next({ type: 'message.created' });

    const queue = await call('GET', '/v1/support/conversations', { token: agent.token });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
    expect((await call('GET', `/v1/conversations/${conversation.id}`, { token: agent.token })).status).toBe(200);

    agentSocket.send({ action: 'typing', conversationId: conversation.id });
    expect(await guestSocket.next({ type: 'typing' })).toEqual({
      type: 'typing',
      conversationId: conversation.id,
      userId: 'agent-1',
    });

    const reply = await call('POST', `/v1/conversations/${conversation.id}/messages`, {
      token: agent.token,
      body: { text: 'It ships today.' },
    });
    expect(reply.status).toBe(201);
    // The guest's socket also got its own two messages (sent over HTTP, so every connection gets them).
    expect(await guestSocket.next((e) => e.type === 'message.created' && e.message.seq === 3)).toEqual({
      type: 'message.created',
      conversationId: conversation.id,
      message: reply.body.message,
    });
    expect(reply.body.message.senderId).toBe('agent-1');

    guestSocket.send({ action: 'markRead', conversationId: conversation.id });
    expect(await agentSocket.next({ type: 'conversation.read' })).toMatchObject({
      conversationId: conversation.id,
      userId: guest.id,
      lastReadSeq: 3,
    });
  });

  it('lets every agent of the tenant answer, and nobody else see, a support conversation', async () => {
    const w = await newWorld();
    const other = await newWorld();
    const opened = await call('POST', '/v1/support/conversations', { token: w.customer.token });
    expect(opened.status).toBe(201);
    expect(opened.body.conversation.lastMessage).toBeNull();
    const id = opened.body.conversation.id;

    const [agentA, agentB] = [await w.user('agent-a', 'agent'), await w.user('agent-b', 'agent')];
    const [socketA, socketB] = [await connectWs(agentA.token), await connectWs(agentB.token)];
    const customerSocket = await connectWs(w.customer.token);
    socketA.send({ action: 'sendMessage', conversationId: id, text: 'How can we help?' });
    await socketA.next({ type: 'message.ack' });
    expect(await socketB.next({ type: 'message.created' })).toMatchObject({ message: { senderId: 'agent-a' } });
    expect(await customerSocket.next({ type: 'message.created' })).toMatchObject({ message: { senderId: 'agent-a' } });
    expect(
      (await call('POST', `/v1/conversations/${id}/messages`, { token: agentB.token, body: { text: 'Me too' } }))
        .status,
    ).toBe(201);

    const outsiders = [
      (await w.user('cust-2')).token,
      w.seller.token,
      (await w.user('g-9', 'guest')).token,
      (await other.user('agent-a', 'agent')).token,
      other.customer.token,
    ];
    for (const token of outsiders) {
      expect((await call('GET', `/v1/conversations/${id}`, { token })).status).toBe(404);
      expect((await call('GET', `/v1/conversations/${id}/messages`, { token })).status).toBe(404);
      expect((await call('POST', `/v1/conversations/${id}/messages`, { token, body: { text: 'x' } })).status).toBe(404);
    }
    // Another customer's own support conversation is a different one.
    const theirs = await call('POST', '/v1/support/conversations', { token: (await w.user('cust-2')).token });
    expect(theirs.body.conversation.id).not.toBe(id);
    // The other tenant's queue does not show it.
    expect(
      (await call('GET', '/v1/support/conversations', { token: (await other.user('agent-a', 'agent')).token })).body
        .items,
    ).toEqual([]);
  });

  it('tells the other agents on the team, not the acting one, when an agent reads or types', async () => {
    const w = await newWorld();
    const opened = await call('POST', '/v1/support/conversations', {
      token: w.customer.token,
      body: { message: 'Hello?' },
    });
    const id = opened.body.conversation.id;
    const [agentA, agentB] = [await w.user('agent-a', 'agent'), await w.user('agent-b', 'agent')];
    const [socketA, socketB] = [await connectWs(agentA.token), await connectWs(agentB.token)];
    const customerSocket = await connectWs(w.customer.token);

    socketA.send({ action: 'markRead', conversationId: id });
    const read = { type: 'conversation.read', conversationId: id, userId: 'agent-a', lastReadSeq: 1 };
    expect(await socketB.next({ type: 'conversation.read' })).toEqual(read); // the colleague's badge clears too
    expect(await customerSocket.next({ type: 'conversation.read' })).toEqual(read);
    socketA.send({ action: 'typing', conversationId: id });
    expect(await socketB.next({ type: 'typing' })).toEqual({ type: 'typing', conversationId: id, userId: 'agent-a' });
    expect(await customerSocket.next({ type: 'typing' })).toEqual({
      type: 'typing',
      conversationId: id,
      userId: 'agent-a',
    });
    socketA.send({ action: 'ping' });
    await socketA.next({ type: 'pong' }); // frames on one socket keep their order: anything for agent-a came before
    expect(socketA.pending.filter((e) => e.type === 'conversation.read' || e.type === 'typing')).toEqual([]);
  });

  it('checks roles and input', async () => {
    const w = await newWorld();
    expect((await call('GET', '/v1/support/conversations', { token: w.customer.token })).status).toBe(403);
    expect(
      (await call('POST', '/v1/support/conversations', { token: (await w.user('agent-1', 'agent')).token })).status,
    ).toBe(403);
    expect(
      (await call('PUT', '/v1/agents/me/status', { token: w.customer.token, body: { status: 'away' } })).status,
    ).toBe(403);
    const bad = await call('POST', '/v1/support/conversations', {
      token: w.customer.token,
      body: { productId: 'nope', message: '' },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(['message']);
    const unknown = await call('POST', '/v1/support/conversations', {
      token: w.customer.token,
      body: { productId: 'nope' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual({ productId: [expect.any(String)] });
    expect(
      (
        await call('PUT', '/v1/agents/me/status', {
          token: (await w.user('agent-1', 'agent')).token,
          body: { status: 'busy' },
        })
      ).status,
    ).toBe(422);
    const tenant = await call('POST', '/v1/guest-sessions', { headers: { 'x-tenant': 'no spaces allowed' } });
    expect(tenant.status).toBe(422);
    expect(tenant.headers.get('content-type')).toBe('application/problem+json');
    expect((await call('POST', '/v1/guest-sessions', { rawBody: '{oops' })).status).toBe(400);
    expect((await call('GET', '/v1/support/availability')).status).toBe(401);
  });

  it('issues guest tokens of the default tenant when no X-Tenant is given', async () => {
    const session = await call('POST', '/v1/guest-sessions');
    expect(session.status).toBe(201);
    const claims = JSON.parse(Buffer.from(session.body.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: session.body.userId, role: 'guest' });
    expect(claims.tenant ?? 'default').toBe('default');
  });
});

describe('presence', () => {
  it('counts an agent online while connected, not while away, and not after it disconnects', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    const anyone = w.customer.token;
    expect(await availability(anyone)).toEqual({ allAgentsIdle: true, onlineAgents: 0 });

    await connectWs(agent.token);
    expect(await availability(anyone)).toEqual({ allAgentsIdle: false, onlineAgents: 1 });
    await connectWs(agent.token); // a second tab is still one agent
    expect(await availability(w.service)).toEqual({ allAgentsIdle: false, onlineAgents: 1 });

    const away = await call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'away' } });
    expect(away).toMatchObject({ status: 200, body: { status: 'away' } });
    expect(await availability(anyone)).toEqual({ allAgentsIdle: true, onlineAgents: 0 });
    const opened = await call('POST', '/v1/support/conversations', {
      token: w.customer.token,
      body: { message: 'Anyone?' },
    });
    expect(opened.body.allAgentsIdle).toBe(true);

    await call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'online' } });
    expect(await availability(anyone)).toEqual({ allAgentsIdle: false, onlineAgents: 1 });
    expect((await call('POST', '/v1/support/conversations', { token: w.customer.token })).body.allAgentsIdle).toBe(
      false,
    );

    // Away stays away across reconnects until the agent says otherwise.
    await call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'away' } });
    await closeAllWs();
    await connectWs(agent.token);
    expect(await availability(anyone)).toEqual({ allAgentsIdle: true, onlineAgents: 0 });
    await call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'online' } });

    await closeAllWs();
    await eventually(async () => expect(await availability(anyone)).toEqual({ allAgentsIdle: true, onlineAgents: 0 }));
  });

  it('does not count an agent whose connection sent nothing for 5 minutes', async () => {
    const w = await newWorld();
    await registerConnection(
      'idle-agent',
      sessionOf({ tenant: w.tenant, userId: 'agent-idle', role: 'agent' }),
      Date.now() - 6 * 60_000,
    );
    expect(await availability(w.customer.token)).toEqual({ allAgentsIdle: true, onlineAgents: 0 });
    // Non-agents' connections never count.
    await connectWs(w.customer.token);
    expect(await availability(w.customer.token)).toEqual({ allAgentsIdle: true, onlineAgents: 0 });
  });
});

describe('guest sessions are rate limited per source IP', () => {
  it('answers 429 problem+json with Retry-After once the minute’s budget is spent, whichever tenant is named', async () => {
    const w = await newWorld();
    const from = ownSourceAddress();
    const headers = { 'x-tenant': w.tenant };
    const budget = Number(process.env.GUEST_SESSIONS_PER_MINUTE ?? 30);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    // A minute boundary may fall inside the loop and refill the budget: then the next window is spent too.
    for (let i = 0; i < 2 * budget + 1 && !limited; i++) {
      const res = await call('POST', '/v1/guest-sessions', { headers, from });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(budget);
    expect(limited!.headers.get('content-type')).toBe('application/problem+json');
    expect(limited!.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The budget is the address's across tenants: naming other shops does not multiply it …
    for (const tenant of [`${w.tenant}-b`, `${w.tenant}-c`, 'default']) {
      const other = await call('POST', '/v1/guest-sessions', { headers: { 'x-tenant': tenant }, from });
      expect({ tenant, status: other.status }).toEqual({ tenant, status: 429 });
    }
    // … while another address has its own.
    expect((await call('POST', '/v1/guest-sessions', { headers, from: ownSourceAddress() })).status).toBe(201);
  });
});
