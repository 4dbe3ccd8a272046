import { afterEach, describe, expect, it } from 'vitest';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs, upgradeStatus } from '#test/support/ws/client';

afterEach(closeAllWs);

describe('connecting', () => {
  it('refuses the upgrade with 401 for a missing, malformed, expired or foreign token', async () => {
    const w = await newWorld();
    expect(await upgradeStatus('')).toBe(401);
    expect(await upgradeStatus('?token=not-a-jwt')).toBe(401);
    expect(
      await upgradeStatus(`?token=${await tokenFor({ sub: 'cust-1', role: 'customer', tenant: w.tenant }, -10)}`),
    ).toBe(401);
    const forged = w.customer.token.slice(0, -4) + (w.customer.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await upgradeStatus(`?token=${forged}`)).toBe(401);
  });

  it('accepts any role with a valid token and answers ping with pong', async () => {
    const w = await newWorld();
    for (const token of [
      w.customer.token,
      w.seller.token,
      (await w.user('agent-1', 'agent')).token,
      (await w.user('g-1', 'guest')).token,
    ]) {
      const client = await connectWs(token);
      client.send({ action: 'ping' });
      expect(await client.next()).toEqual({ type: 'pong' });
    }
  });
});

describe('bad frames', () => {
  it('answers each with an error event and keeps the socket open', async () => {
    const w = await newWorld();
    const client = await connectWs(w.customer.token);
    const frames: Array<[string, number]> = [
      ['not json', 400],
      ['[1,2]', 400],
      ['"ping"', 400],
      ['{}', 400],
      [JSON.stringify({ action: 'dance' }), 400],
      [JSON.stringify({ action: 'sendMessage', conversationId: 'c' }), 422],
      [JSON.stringify({ action: 'sendMessage', conversationId: 'c', text: '   ' }), 422],
      [JSON.stringify({ action: 'markRead', conversationId: 'c', seq: -1 }), 422],
      [JSON.stringify({ action: 'typing' }), 422],
      [JSON.stringify({ action: 'sendMessage', conversationId: 'no/such id', text: 'hi' }), 404],
      [JSON.stringify({ action: 'sendMessage', conversationId: 'x'.repeat(70_000), text: 'hi' }), 413],
    ];
    for (const [frame, status] of frames) {
      client.sendRaw(frame);
      const error = await client.next({ type: 'error' });
      expect(error, frame.slice(0, 80)).toMatchObject({
        type: 'error',
        status,
        title: expect.any(String),
        detail: expect.any(String),
        requestId: expect.any(String),
      });
      expect(JSON.stringify(error)).not.toMatch(/dynamodb|stack|arn:/i);
    }
    client.sendRaw(JSON.stringify({ action: 'sendMessage', conversationId: 'c', text: '' }));
    const invalid = await client.next({ type: 'error' });
    expect(invalid.errors).toEqual({ text: [expect.any(String)] });
    client.send({ action: 'ping' });
    expect(await client.next()).toEqual({ type: 'pong' });
  });
});

describe('messages in real time', () => {
  it('acks a WebSocket message to its connection and pushes it to every other connection of both participants', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'Is it in stock?' });
    const customerPhone = await connectWs(w.customer.token);
    const customerLaptop = await connectWs(w.customer.token);
    const seller = await connectWs(w.seller.token);

    customerPhone.send({ action: 'sendMessage', conversationId: id, text: ' Still there? ', clientMessageId: 'm-1' });
    const ack = await customerPhone.next({ type: 'message.ack' });
    expect(ack).toMatchObject({
      type: 'message.ack',
      clientMessageId: 'm-1',
      message: { conversationId: id, seq: 2, senderId: 'cust-1', text: 'Still there?', clientMessageId: 'm-1' },
    });
    const toSeller = await seller.next({ type: 'message.created' });
    expect(toSeller).toEqual({ type: 'message.created', conversationId: id, message: ack.message });
    expect(await customerLaptop.next({ type: 'message.created' })).toEqual(toSeller);

    // The sending connection got the ack instead: a ping round trip later it still has no message.created.
    customerPhone.send({ action: 'ping' });
    await customerPhone.next({ type: 'pong' });
    expect(customerPhone.pending.filter((e) => e.type === 'message.created')).toEqual([]);

    // Stored like any message, with the next seq.
    const log = await call('GET', `/v1/conversations/${id}/messages?after=1`, { token: w.seller.token });
    expect(log.body.items).toEqual([ack.message]);
  });

  it('acks a retried clientMessageId with the original message, storing nothing twice', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const customer = await connectWs(w.customer.token);
    customer.send({ action: 'sendMessage', conversationId: id, text: 'once', clientMessageId: 'retry-1' });
    const first = await customer.next({ type: 'message.ack' });
    customer.send({ action: 'sendMessage', conversationId: id, text: 'once', clientMessageId: 'retry-1' });
    const second = await customer.next({ type: 'message.ack' });
    expect(second.message).toEqual(first.message);
    const log = await call('GET', `/v1/conversations/${id}/messages`, { token: w.customer.token });
    expect(log.body.items.map((m: { seq: number }) => m.seq)).toEqual([2, 1]);
  });

  it('pushes messages sent over HTTP, and the opening message of a new conversation, to every connection', async () => {
    const w = await newWorld();
    const seller = await connectWs(w.seller.token);
    const customer = await connectWs(w.customer.token);
    const opened = await w.openProductConversation({ message: 'Hello!' });
    expect(await seller.next({ type: 'message.created' })).toMatchObject({
      conversationId: opened.id,
      message: { seq: 1, text: 'Hello!' },
    });
    expect(await customer.next({ type: 'message.created' })).toMatchObject({
      conversationId: opened.id,
      message: { seq: 1 },
    });

    const reply = await call('POST', `/v1/conversations/${opened.id}/messages`, {
      token: w.seller.token,
      body: { text: 'Hi there' },
    });
    expect(reply.status).toBe(201);
    expect(await customer.next({ type: 'message.created' })).toEqual({
      type: 'message.created',
      conversationId: opened.id,
      message: reply.body.message,
    });
    expect(await seller.next({ type: 'message.created' })).toEqual({
      type: 'message.created',
      conversationId: opened.id,
      message: reply.body.message,
    });
  });
});

describe('typing and read receipts', () => {
  it('relays typing to the other participant only', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const customer = await connectWs(w.customer.token);
    const seller = await connectWs(w.seller.token);
    customer.send({ action: 'typing', conversationId: id });
    expect(await seller.next({ type: 'typing' })).toEqual({ type: 'typing', conversationId: id, userId: 'cust-1' });
    customer.send({ action: 'ping' });
    await customer.next({ type: 'pong' });
    expect(customer.pending.filter((e) => e.type === 'typing')).toEqual([]);
  });

  it('sends conversation.read to the other participant when read over WebSocket or HTTP', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'one' });
    await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { text: 'two' } });
    const customer = await connectWs(w.customer.token);
    const seller = await connectWs(w.seller.token);

    seller.send({ action: 'markRead', conversationId: id, seq: 1 });
    expect(await customer.next({ type: 'conversation.read' })).toEqual({
      type: 'conversation.read',
      conversationId: id,
      userId: 'seller-1',
      lastReadSeq: 1,
    });

    const read = await call('POST', `/v1/conversations/${id}/read`, { token: w.seller.token, body: {} });
    expect(read.body.lastReadSeq).toBe(2);
    expect(await customer.next({ type: 'conversation.read' })).toEqual({
      type: 'conversation.read',
      conversationId: id,
      userId: 'seller-1',
      lastReadSeq: 2,
    });
    expect(seller.pending.filter((e) => e.type === 'conversation.read')).toEqual([]);
  });
});

describe('participant checks', () => {
  it('answers 404 error events to outsiders and other tenants, for every action', async () => {
    const w = await newWorld();
    const other = await newWorld();
    const { id } = await w.openProductConversation();
    const outsiders = [
      await connectWs((await w.user('cust-2')).token),
      await connectWs((await w.user('agent-1', 'agent')).token),
      await connectWs(other.customer.token),
    ];
    const seller = await connectWs(w.seller.token);
    for (const outsider of outsiders) {
      for (const frame of [
        { action: 'sendMessage', conversationId: id, text: 'let me in' },
        { action: 'markRead', conversationId: id },
        { action: 'typing', conversationId: id },
      ]) {
        outsider.send(frame);
        expect(await outsider.next({ type: 'error' })).toMatchObject({ status: 404, title: 'Not Found' });
      }
    }
    const log = await call('GET', `/v1/conversations/${id}/messages`, { token: w.seller.token });
    expect(log.body.items).toHaveLength(1);
    seller.send({ action: 'ping' });
    await seller.next({ type: 'pong' });
    expect(seller.pending).toEqual([]);
  });
});
