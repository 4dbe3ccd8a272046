import { describe, expect, it } from 'vitest';
import { ISO_TIME } from '#test/support/compat/platform-world';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';

/** Seed 001: POST /api/v1/chat/startChat. */
const startChat = (token: string | undefined, body: Record<string, unknown>) =>
  call('POST', '/api/v1/chat/startChat', {
    ...(token && { token }),
    headers: { accept: 'application/json', client: 'demo', language: '1', currency: 'USD' },
    body,
  });

const ROOM_FIELDS = [
  '_id',
  'status',
  'type',
  'room_id',
  'room_name',
  'order_vendor_id',
  'order_id',
  'agent_db',
  'vendor_id',
  'sub_domain',
  'vendor_user_id',
  'order_user_id',
  'agent_id',
  'db_name',
  'client_id',
  'created_date',
  'updated_date',
  '__v',
];

/** The documented request, with the world's seller as the vendor (its directory id is numeric like the document's). */
const documented = (vendorId: number | string, overrides: Record<string, unknown> = {}) => ({
  sub_domain: '192.168.101.88',
  client_id: 1,
  db_name: 'salesdemo',
  user_id: '133',
  type: 'vendor-to-user',
  order_vendor_id: 2,
  vendor_id: vendorId,
  order_id: 5,
  ...overrides,
});

const worldWithNumericVendor = async () => {
  const w = await newWorld();
  const put = await call('PUT', '/v1/catalog/sellers/3', {
    token: w.service,
    body: { shopName: 'Vendor Three', email: 'v3@example.test' },
  });
  expect(put.status).toBe(200);
  return w;
};

describe('seed 001 — POST /api/v1/chat/startChat (order rooms)', () => {
  it('answers the documented body field by field for a vendor-to-user room', async () => {
    const w = await worldWithNumericVendor();
    const res = await startChat(w.customer.token, documented(3));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(Object.keys(res.body)).toEqual(['message', 'roomData', 'status']);
    expect(res.body.message).toBe('Room created successfully !!!');
    expect(res.body.status).toBe(200);

    const room = res.body.roomData;
    expect(Object.keys(room)).toEqual(ROOM_FIELDS);
    expect(room._id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(room.status).toBe(true);
    expect(room.type).toBe('vendor_to_user');
    expect(room.room_id).toMatch(/^\d+$/);
    expect(room.room_name).toBe(`OrderNo-${room.room_id}-orderId-5-oderVendor-2-agentId-3`);
    expect(room).toMatchObject({
      order_vendor_id: '2',
      order_id: '5',
      agent_db: 'salesdemo',
      vendor_id: '3',
      sub_domain: '192.168.101.88',
      vendor_user_id: '3',
      order_user_id: w.customer.id,
      agent_id: '3',
      db_name: 'salesdemo',
      client_id: '1',
      __v: 0,
    });
    for (const field of [
      '_id',
      'room_id',
      'order_vendor_id',
      'order_id',
      'vendor_id',
      'vendor_user_id',
      'order_user_id',
      'agent_id',
      'client_id',
    ]) {
      expect(typeof room[field], field).toBe('string');
    }
    expect(room.created_date).toMatch(ISO_TIME);
    expect(room.updated_date).toMatch(ISO_TIME);

    // The room is the core's order conversation between the customer and the seller.
    const core = await call('GET', `/v1/conversations/${room._id}`, { token: w.customer.token });
    expect(core.status).toBe(200);
    expect(core.body.topic).toEqual({ type: 'order', id: '5' });
    expect(core.body.participants.map((p: { userId: string }) => p.userId).sort()).toEqual([w.customer.id, '3'].sort());
    expect(core.body.createdAt).toBe(room.created_date);
  });

  it('returns the same room for the same order, vendor and type, and another room otherwise', async () => {
    const w = await worldWithNumericVendor();
    const first = (await startChat(w.customer.token, documented(3))).body.roomData;
    const again = await startChat(w.customer.token, documented('3', { order_id: '5', order_vendor_id: '2' }));
    expect(again.status).toBe(200);
    expect(again.body.roomData).toMatchObject({
      _id: first._id,
      room_id: first.room_id,
      room_name: first.room_name,
      created_date: first.created_date,
    });

    const otherOrder = (await startChat(w.customer.token, documented(3, { order_id: 6 }))).body.roomData;
    const agentRoom = (await startChat(w.customer.token, documented(3, { type: 'agent-to-user' }))).body.roomData;
    expect(new Set([first._id, otherOrder._id, agentRoom._id]).size).toBe(3);
    expect(new Set([first.room_id, otherOrder.room_id, agentRoom.room_id]).size).toBe(3);

    // The core API's own "order conversation with a participant" is the very same room.
    const core = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: '3', topic: { type: 'order', id: '5' } },
    });
    expect(core.status).toBe(200);
    expect(core.body.id).toBe(first._id);
  });

  it('opens agent-to-user rooms with the support team, which any agent of the tenant reaches', async () => {
    const w = await worldWithNumericVendor();
    const res = await startChat(
      w.customer.token,
      documented(3, { type: 'agent-to-user', order_id: 10, order_vendor_id: 9 }),
    );
    expect(res.status).toBe(200);
    const room = res.body.roomData;
    expect(room).toMatchObject({
      type: 'agent_to_user',
      order_id: '10',
      order_vendor_id: '9',
      agent_id: 'support',
      vendor_id: '3',
    });
    expect(room.room_name).toBe(`OrderNo-${room.room_id}-orderId-10-oderVendor-9-agentId-support`);

    const agent = await w.user('agent-1', 'agent');
    const seen = await call('GET', `/v1/conversations/${room._id}`, { token: agent.token });
    expect(seen.status).toBe(200);
    expect(seen.body.topic).toEqual({ type: 'order', id: '10' });
    const reply = await call('POST', `/v1/conversations/${room._id}/messages`, {
      token: agent.token,
      body: { text: 'Your order is on its way.' },
    });
    expect(reply.status).toBe(201);
  });

  it('takes the tenant from the token, never from the body, and keeps rooms inside it', async () => {
    const w = await worldWithNumericVendor();
    const room = (
      await startChat(w.customer.token, documented(3, { db_name: 'someone-else', sub_domain: 'other.example' }))
    ).body.roomData;
    expect(room).toMatchObject({ db_name: 'someone-else', agent_db: 'someone-else', sub_domain: 'other.example' });
    const other = await newWorld();
    const stranger = await other.user(w.customer.id);
    expect((await call('GET', `/v1/conversations/${room._id}`, { token: stranger.token })).status).toBe(404);
    expect((await call('GET', `/v1/conversations/${room._id}`, { token: w.customer.token })).status).toBe(200);

    const withoutTenancy = await startChat(w.customer.token, {
      type: 'vendor-to-user',
      vendor_id: 3,
      order_id: 5,
      order_vendor_id: 2,
    });
    expect(withoutTenancy.body.roomData).toMatchObject({
      _id: room._id,
      db_name: w.tenant,
      agent_db: w.tenant,
      sub_domain: '',
      client_id: '',
    });
  });

  it('answers errors in the dialect envelope { message, status, errors? }', async () => {
    const w = await worldWithNumericVendor();
    const anonymous = await startChat(undefined, documented(3));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ message: 'A valid bearer token is required.', status: 401 });

    const badType = await startChat(w.customer.token, documented(3, { type: 'user-to-martian' }));
    expect(badType.status).toBe(422);
    expect(badType.body).toMatchObject({ status: 422, message: expect.any(String) });
    expect(Object.keys(badType.body.errors)).toEqual(['type']);

    const noVendor = await startChat(w.customer.token, documented(3, { vendor_id: undefined }));
    expect(noVendor.status).toBe(422);
    expect(noVendor.body.errors).toEqual({ vendor_id: ['is required for a vendor-to-user room'] });

    const unknownVendor = await startChat(w.customer.token, documented(999));
    expect(unknownVendor.status).toBe(422);
    expect(unknownVendor.body.errors).toEqual({ vendor_id: ['is not a known user'] });

    const missing = await startChat(w.customer.token, { type: 'vendor-to-user', vendor_id: 3 });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors).sort()).toEqual(['order_id', 'order_vendor_id']);

    const seller = await startChat(w.seller.token, documented(3));
    expect(seller.status).toBe(403);
    expect(seller.body).toMatchObject({ status: 403 });

    const notJson = await call('POST', '/api/v1/chat/startChat', { token: w.customer.token, rawBody: '{oops' });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ message: 'The body is not valid JSON.', status: 400 });
  });
});
