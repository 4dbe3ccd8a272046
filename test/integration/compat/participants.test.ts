import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { userNumber } from '#shared/catalog/user-number';
import { conversationIdByNumber } from '#shared/chat/items/conversation-number';
import { numberUuid } from '#shared/compat/ids';
import { tokenFor } from '#test/support/auth/tokens';
import { LARAVEL_TIME, platformWorld } from '#test/support/compat/platform-world';
import { OTHER_PLATFORM, PLATFORM } from '#test/support/compat/public-keys';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';

/** Seed 004: conversations with participants, behind X-PUBLIC-KEY. */
const headers = (key: string | undefined = PLATFORM.key) => ({
  accept: 'application/json',
  ...(key !== undefined && { 'x-public-key': key }),
});
const api = (method: string, path: string, token: string | undefined, body?: unknown, key?: string) =>
  call(method, `/api/v1/chat${path}`, {
    ...(token && { token }),
    headers: headers(key),
    ...(body !== undefined && { body }),
  });

const CONVERSATION_FIELDS = [
  'uuid',
  'taggable_type',
  'taggable_id',
  'last_message_text',
  'last_message_at',
  'is_archived',
  'created_at',
  'updated_at',
  'participants',
];
const PIVOT_FIELDS = [
  'conversation_id',
  'user_id',
  'unread_count',
  'last_read_at',
  'joined_at',
  'created_at',
  'updated_at',
];
const MESSAGE_FIELDS = ['id', 'uuid', 'conversation_uuid', 'user_uuid', 'text', 'created_at', 'updated_at'];

const documentedBody = (participantUuid: string) => ({
  participant_uuid: participantUuid,
  taggable_type: 'App\\Models\\Order',
  taggable_id: 123,
});

describe('seed 004 — POST /api/v1/chat/conversations', () => {
  it('creates the conversation and answers the documented 201 body field by field', async () => {
    const w = await platformWorld();
    const res = await api('POST', '/conversations', w.customer.token, documentedBody(w.seller.id));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(Object.keys(res.body)).toEqual(['message', 'data']);
    expect(res.body.message).toBe('Conversation created successfully');
    const data = res.body.data;
    expect(Object.keys(data)).toEqual(CONVERSATION_FIELDS);
    expect(data).toMatchObject({
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      taggable_type: 'App\\Models\\Order',
      taggable_id: 123,
      last_message_text: null,
      last_message_at: null,
      is_archived: false,
    });
    expect(data.created_at).toMatch(LARAVEL_TIME);
    expect(data.updated_at).toMatch(LARAVEL_TIME);

    expect(data.participants).toHaveLength(2);
    const [me, them] = data.participants;
    expect(Object.keys(me)).toEqual(['uuid', 'name', 'email', 'pivot']);
    expect(me).toMatchObject({ uuid: w.customer.id, name: 'John Smith', email: 'john@example.test' });
    // Issue item 6: a participant's uuid is a UUID (the user id when it is one, else the user number as one) and
    // pivot.user_id the user number (an integer), whatever the user id looks like.
    const customer = await userNumber(w.tenant, w.customer.id);
    const seller = await userNumber(w.tenant, w.seller.id);
    expect(them).toMatchObject({ uuid: numberUuid('user', seller), name: 'Mary’s Shop', email: null });
    for (const p of data.participants) {
      expect(Object.keys(p.pivot)).toEqual(PIVOT_FIELDS);
      expect(p.pivot).toMatchObject({ conversation_id: expect.any(Number), unread_count: 0, last_read_at: null });
      expect(p.pivot.joined_at).toBe(data.created_at);
      expect(p.pivot.created_at).toBe(data.created_at);
      expect(p.pivot.updated_at).toBe(data.created_at);
    }
    expect(me.pivot.user_id).toBe(customer);
    expect(them.pivot.user_id).toBe(seller);
    expect(me.pivot.conversation_id).toBe(them.pivot.conversation_id);
    expect(data.uuid).toBe(numberUuid('conversation', me.pivot.conversation_id));

    // It is the core's order conversation between the two.
    const coreId = await conversationIdByNumber(w.tenant, me.pivot.conversation_id);
    const core = await call('GET', `/v1/conversations/${coreId}`, { token: w.seller.token });
    expect(core.body).toMatchObject({ topic: { type: 'order', id: '123' } });
  });

  it('answers the same conversation for the same participant and tag (201, the only success documented)', async () => {
    const w = await platformWorld();
    const first = await api('POST', '/conversations', w.customer.token, documentedBody(w.seller.id));
    const again = await api('POST', '/conversations', w.customer.token, {
      ...documentedBody(w.seller.id),
      taggable_id: '123',
    });
    expect(again.status).toBe(201);
    expect(again.body.data.uuid).toBe(first.body.data.uuid);
    const untagged = await api('POST', '/conversations', w.customer.token, { participant_uuid: w.seller.id });
    expect(untagged.status).toBe(201);
    expect(untagged.body.data).toMatchObject({ taggable_type: null, taggable_id: null });
    expect(untagged.body.data.uuid).not.toBe(first.body.data.uuid);
  });

  it('answers 422 in the documented { message, errors } form', async () => {
    const w = await platformWorld();
    const missing = await api('POST', '/conversations', w.customer.token, {});
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      message: 'The participant uuid field is required.',
      errors: { participant_uuid: ['The participant uuid field is required.'] },
    });

    const unknown = await api('POST', '/conversations', w.customer.token, { participant_uuid: randomUUID() });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toEqual({
      message: 'The participant uuid is not a known user.',
      errors: { participant_uuid: ['The participant uuid is not a known user.'] },
    });

    const self = await api('POST', '/conversations', w.customer.token, { participant_uuid: w.customer.id });
    expect(self.body.errors).toEqual({ participant_uuid: ['The participant uuid must be someone other than you.'] });

    const halfTag = await api('POST', '/conversations', w.customer.token, {
      participant_uuid: w.seller.id,
      taggable_type: 'App\\Models\\Order',
    });
    expect(halfTag.status).toBe(422);
    expect(halfTag.body).toEqual({
      message: 'The taggable id field is required when taggable type is present.',
      errors: { taggable_id: ['The taggable id field is required when taggable type is present.'] },
    });
    const badType = await api('POST', '/conversations', w.customer.token, {
      participant_uuid: w.seller.id,
      taggable_type: 'drop table',
      taggable_id: 1,
    });
    expect(badType.body.errors).toEqual({ taggable_type: ['The taggable type field format is invalid.'] });
  });

  it('answers 401 without a token, and without or with a wrong X-PUBLIC-KEY, before reading the body', async () => {
    const w = await platformWorld();
    const unauthenticated = { message: 'Unauthenticated.' };
    const noToken = await api('POST', '/conversations', undefined, documentedBody(w.seller.id));
    expect(noToken.status).toBe(401);
    expect(noToken.body).toEqual(unauthenticated);
    for (const key of [undefined, 'not-a-known-key', OTHER_PLATFORM.key]) {
      const res = await call('POST', '/api/v1/chat/conversations', {
        token: w.customer.token,
        headers: key === undefined ? {} : { 'x-public-key': key },
        body: {},
      });
      expect(res.status, String(key)).toBe(401);
      expect(res.body).toEqual(unauthenticated);
    }
    // Issue item 6: sellers may open a direct conversation now (test/integration/compat/participants-fidelity);
    // guests never a direct one, as in the core.
    const guest = await tokenFor({ sub: `guest_${randomUUID()}`, role: 'guest', tenant: w.tenant });
    const asGuest = await api('POST', '/conversations', guest, documentedBody(w.seller.id));
    expect(asGuest.status).toBe(403);
    expect(asGuest.body).toEqual({ message: 'This action is unauthorized.' });
  });

  it('keeps each platform to its own tenant: a token of the other platform’s tenant works only with that key', async () => {
    const w = await platformWorld(OTHER_PLATFORM.tenant);
    expect(
      (await api('POST', '/conversations', w.customer.token, documentedBody(w.seller.id), PLATFORM.key)).status,
    ).toBe(401);
    expect(
      (await api('POST', '/conversations', w.customer.token, documentedBody(w.seller.id), OTHER_PLATFORM.key)).status,
    ).toBe(201);
  });
});

describe('seed 004 — list conversations, send and list messages', () => {
  const open = async () => {
    const w = await platformWorld();
    const created = await api('POST', '/conversations', w.customer.token, documentedBody(w.seller.id));
    expect(created.status).toBe(201);
    return { w, uuid: created.body.data.uuid as string };
  };

  it('sends a message (201), counts it unread for the other participant, and de-duplicates retries', async () => {
    const { w, uuid } = await open();
    const sent = await api('POST', `/conversations/${uuid}/messages`, w.customer.token, {
      text: '  Where is my order?  ',
    });
    expect(sent.status).toBe(201);
    expect(Object.keys(sent.body)).toEqual(['message', 'data']);
    expect(sent.body.message).toBe('Message sent successfully');
    expect(Object.keys(sent.body.data)).toEqual(MESSAGE_FIELDS);
    expect(sent.body.data).toMatchObject({
      id: 1,
      conversation_uuid: uuid,
      user_uuid: w.customer.id,
      text: 'Where is my order?',
    });
    expect(sent.body.data.created_at).toMatch(LARAVEL_TIME);

    const body = { message: 'Sent once', client_message_id: 'c-1' };
    const first = await api('POST', `/conversations/${uuid}/messages`, w.customer.token, body);
    const retry = await api('POST', `/conversations/${uuid}/messages`, w.customer.token, body);
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.data).toEqual(first.body.data);
    expect(first.body.data).toMatchObject({ id: 2, text: 'Sent once', client_message_id: 'c-1' });

    const sellerUuid = numberUuid('user', await userNumber(w.tenant, w.seller.id));
    const sellersList = await eventually(async () => {
      const list = await api('GET', '/conversations', w.seller.token);
      expect(
        list.body.data[0].participants.find((p: { uuid: string }) => p.uuid === sellerUuid).pivot.unread_count,
      ).toBe(2);
      return list;
    });
    expect(sellersList.body.data[0]).toMatchObject({ uuid, last_message_text: 'Sent once' });

    const empty = await api('POST', `/conversations/${uuid}/messages`, w.customer.token, {});
    expect(empty.status).toBe(422);
    expect(empty.body).toEqual({
      message: 'The text field is required.',
      errors: { text: ['The text field is required.'] },
    });
    const stranger = await w.user();
    expect((await api('POST', `/conversations/${uuid}/messages`, stranger.token, { text: 'hi' })).status).toBe(404);
  });

  it('lists the caller’s conversations as a Laravel page, most recent activity first', async () => {
    const { w, uuid } = await open();
    const other = await api('POST', '/conversations', w.customer.token, {
      participant_uuid: w.seller.id,
      taggable_type: 'App\\Models\\Order',
      taggable_id: 124,
    });
    await api('POST', `/conversations/${uuid}/messages`, w.customer.token, { text: 'bump' });
    const list = await eventually(async () => {
      const res = await api('GET', '/conversations', w.customer.token);
      expect(res.body.data.map((c: { uuid: string }) => c.uuid)).toEqual([uuid, other.body.data.uuid]);
      return res;
    });
    expect(list.status).toBe(200);
    expect(Object.keys(list.body)).toEqual(['message', 'data', 'links', 'meta']);
    expect(Object.keys(list.body.data[0])).toEqual(CONVERSATION_FIELDS);
    expect(list.body.data[0]).toMatchObject({
      last_message_text: 'bump',
      last_message_at: expect.stringMatching(LARAVEL_TIME),
    });
    expect(list.body.meta).toMatchObject({ current_page: 1, last_page: 1, per_page: 15, total: 2, from: 1, to: 2 });
  });

  it('lists messages newest first; viewing the first page reads them (unread_count 0, last_read_at set)', async () => {
    const { w, uuid } = await open();
    for (let n = 1; n <= 17; n++)
      await api('POST', `/conversations/${uuid}/messages`, w.customer.token, { text: `m${n}` });
    const page1 = await api('GET', `/conversations/${uuid}/messages`, w.seller.token);
    expect(page1.status).toBe(200);
    expect(Object.keys(page1.body)).toEqual(['message', 'data', 'links', 'meta']);
    expect(page1.body.data.map((m: { id: number }) => m.id)).toEqual([
      17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3,
    ]);
    expect(Object.keys(page1.body.data[0])).toEqual(MESSAGE_FIELDS);
    expect(page1.body.meta).toMatchObject({ total: 17, last_page: 2, per_page: 15 });
    const page2 = await api('GET', `/conversations/${uuid}/messages?page=2`, w.seller.token);
    expect(page2.body.data.map((m: { id: number }) => m.id)).toEqual([2, 1]);

    const sellerView = await api('GET', '/conversations', w.seller.token);
    const sellerUuid = numberUuid('user', await userNumber(w.tenant, w.seller.id));
    const pivot = sellerView.body.data[0].participants.find((p: { uuid: string }) => p.uuid === sellerUuid).pivot;
    expect(pivot).toMatchObject({ unread_count: 0, last_read_at: expect.stringMatching(LARAVEL_TIME) });
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 0, conversations: 0 });

    const stranger = await w.user();
    expect((await api('GET', `/conversations/${uuid}/messages`, stranger.token)).status).toBe(404);
  });
});
