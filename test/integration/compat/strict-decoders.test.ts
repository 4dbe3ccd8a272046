import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenFor } from '#test/support/auth/tokens';
import { PLATFORM } from '#test/support/compat/public-keys';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';

/**
 * Strict decoders written from the seeds' field lists, as a typed client (Flutter `int`, Swift `UUID`, Kotlin
 * `UUID.fromString`) decodes them: any field of the wrong JSON type, a missing field, an unknown field, an id
 * that is a string, a UUID that is not 8-4-4-4-12 hex or an image URL that is not absolute fails the whole
 * response. Every 003 and 004 route's real answer goes through them, for a catalog whose ids are not digits
 * (`seller-1`, `alice`) and an inbox that also holds a support room and a direct conversation.
 */
type Decoder = (value: unknown, path: string) => void;
const fail = (path: string, what: string, value: unknown): never => {
  throw new Error(`${path}: expected ${what}, got ${JSON.stringify(value)}`);
};
const int: Decoder = (v, p) => (Number.isSafeInteger(v) ? undefined : fail(p, 'an integer', v));
const positiveInt: Decoder = (v, p) => (Number.isSafeInteger(v) && (v as number) > 0 ? undefined : fail(p, 'an id', v));
const zeroOrOne: Decoder = (v, p) => (v === 0 || v === 1 ? undefined : fail(p, '0 or 1', v));
const str: Decoder = (v, p) => (typeof v === 'string' ? undefined : fail(p, 'a string', v));
const bool: Decoder = (v, p) => (typeof v === 'boolean' ? undefined : fail(p, 'a boolean', v));
const literal =
  (expected: unknown): Decoder =>
  (v, p) =>
    v === expected ? undefined : fail(p, JSON.stringify(expected), v);
const matching =
  (pattern: RegExp, what: string): Decoder =>
  (v, p) =>
    typeof v === 'string' && pattern.test(v) ? undefined : fail(p, what, v);
const uuid = matching(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a UUID');
const absoluteUrl: Decoder = (v, p) => {
  str(v, p);
  const url = URL.canParse(v as string) ? new URL(v as string) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.host) fail(p, 'an absolute http(s) URL', v);
};
const isoDate = matching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'an ISO-8601 date');
const nullable =
  (d: Decoder): Decoder =>
  (v, p) =>
    v === null ? undefined : d(v, p);
const array =
  (d: Decoder): Decoder =>
  (v, p) => {
    if (!Array.isArray(v)) fail(p, 'an array', v);
    (v as unknown[]).forEach((item, i) => {
      d(item, `${p}[${i}]`);
    });
  };
const object =
  (fields: Record<string, Decoder>, optional: Record<string, Decoder> = {}): Decoder =>
  (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(p, 'an object', v);
    const o = v as Record<string, unknown>;
    for (const [name, d] of Object.entries(fields)) {
      if (!(name in o)) fail(`${p}.${name}`, 'a field', undefined);
      d(o[name], `${p}.${name}`);
    }
    for (const [name, d] of Object.entries(optional)) if (name in o) d(o[name], `${p}.${name}`);
    const unknown = Object.keys(o).filter((k) => !(k in fields) && !(k in optional));
    if (unknown.length > 0) fail(p, 'no other fields', unknown);
  };

/** Laravel's paginator around `data` (both dialects). */
const laravelPage = (item: Decoder, extra: Record<string, Decoder> = {}) =>
  object({
    data: array(item),
    links: object({ first: absoluteUrl, last: absoluteUrl, prev: nullable(absoluteUrl), next: nullable(absoluteUrl) }),
    meta: object({
      current_page: int,
      from: nullable(int),
      last_page: int,
      path: absoluteUrl,
      per_page: int,
      to: nullable(int),
      total: int,
    }),
    ...extra,
  });

// ---- seed 003: "Conversation Response Structure", "Message Response Structure", "Create Conversation" ----
const v2Conversation = object({
  id: positiveInt, // Conversation ID
  sender_id: positiveInt, // Customer user ID
  receiver_id: positiveInt, // Seller user ID
  receiver_type: literal('seller'),
  shop_id: positiveInt,
  shop_name: str, // Seller's shop name or "In House Product"
  shop_logo: absoluteUrl, // Seller's shop logo URL
  product_id: nullable(int),
  title: str, // Conversation subject
  sender_viewed: zeroOrOne, // Whether sender has viewed (0 or 1)
  receiver_viewed: zeroOrOne,
  created_at: isoDate, // Creation timestamp
  date: isoDate,
});
const v2Message = object({
  id: positiveInt, // Message ID
  conversation_id: positiveInt, // Parent conversation ID
  user_id: positiveInt, // Sender user ID
  send_type: str,
  message: str, // Message content
  created_at: isoDate, // Message timestamp
  year: str,
  month: str,
  day_of_month: str,
  date: str,
  time: str,
});
const v2Page = (item: Decoder) => laravelPage(item, { success: literal(true), status: literal(200) });
const v2Created = object({
  result: literal(true),
  success: literal(true), // Success status
  message: str, // Success message
  conversation_id: positiveInt, // Created conversation ID
  shop_name: str,
  shop_logo: absoluteUrl,
  title: str, // Conversation title
});

// ---- seed 004: "data – Conversation Object", the participants and pivot of its example, messages ----
const pkPivot = object({
  conversation_id: positiveInt,
  user_id: positiveInt,
  unread_count: int,
  last_read_at: nullable(isoDate),
  joined_at: isoDate,
  created_at: isoDate,
  updated_at: isoDate,
});
const pkConversation = object({
  uuid,
  taggable_type: nullable(str),
  taggable_id: nullable(int),
  last_message_text: nullable(str),
  last_message_at: nullable(isoDate),
  is_archived: bool,
  created_at: isoDate,
  updated_at: isoDate,
  participants: array(object({ uuid, name: nullable(str), email: nullable(str), pivot: pkPivot })),
});
const pkMessage = object(
  {
    id: positiveInt,
    uuid,
    conversation_uuid: uuid,
    user_uuid: uuid,
    text: str,
    created_at: isoDate,
    updated_at: isoDate,
  },
  { client_message_id: str },
);
const pkResult = (message: string, data: Decoder) => object({ message: literal(message), data });
const pkPage = (message: string, item: Decoder) => laravelPage(item, { message: literal(message) });

const decodes = (decoder: Decoder, res: { status: number; body: unknown }, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(() => decoder(res.body, '$')).not.toThrow();
};

describe('strict decoders from the seed documents', () => {
  it('reject what typed clients reject (the decoders themselves)', () => {
    const conversation = {
      id: 1,
      sender_id: 2,
      receiver_id: 3,
      receiver_type: 'seller',
      shop_id: 3,
      shop_name: 'Shop',
      shop_logo: 'https://cdn.example.test/logo.png',
      product_id: null,
      title: 'T',
      sender_viewed: 1,
      receiver_viewed: 0,
      created_at: '2025-10-15T10:30:00.000000Z',
      date: '2025-10-15T10:30:00.000000Z',
    };
    expect(() => v2Conversation(conversation, '$')).not.toThrow();
    for (const broken of [
      { ...conversation, receiver_id: 'seller-1' },
      { ...conversation, sender_id: 'alice' },
      { ...conversation, shop_logo: '' },
      { ...conversation, shop_logo: '/uploads/logo.png' },
      { ...conversation, extra: 1 },
    ])
      expect(() => v2Conversation(broken, '$')).toThrow();
    expect(() => uuid('TDpOWWfS9gU4Bc1vA-_3kI', '$')).toThrow();
  });

  it('decode every 003 route’s answers', async () => {
    const w = await newWorld(); // seller-1 (no logo), cust-1, product p-1: ids that are not digits
    const created = await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      body: { product_id: w.productId, message: 'Is it blue?' },
    });
    decodes(v2Created, created);
    const id = created.body.conversation_id;
    // Things a 003 app cannot show are in the same inbox: a support room and a direct conversation.
    await call('POST', '/api/v1/chat/startChat', {
      token: w.customer.token,
      body: { type: 'agent-to-user', order_id: 5, order_vendor_id: 1 },
    });
    await call('POST', '/v1/conversations', { token: w.customer.token, body: { participantId: w.seller.id } });

    const inserted = await call('POST', '/api/v2/chat/insert-message', {
      token: w.seller.token,
      body: { conversation_id: id, message: 'Yes' },
    });
    decodes(v2Page(v2Message), inserted);
    for (const token of [w.customer.token, w.seller.token]) {
      const list = await call('GET', '/api/v2/chat/conversations', { token });
      decodes(v2Page(v2Conversation), list);
      expect(list.body.data).toHaveLength(1);
      const own = list.body.data[0][token === w.customer.token ? 'sender_id' : 'receiver_id'];
      decodes(v2Page(v2Conversation), await call('GET', `/api/v2/chat/conversations/${own}?page=1`, { token }));
      decodes(v2Page(v2Message), await call('GET', `/api/v2/chat/messages/${id}`, { token }));
      decodes(v2Page(v2Message), await call('GET', `/api/v2/chat/get-new-messages/${id}/0`, { token }));
      decodes(v2Page(v2Message), await call('GET', `/api/v2/chat/get-new-messages/${id}/99`, { token }));
    }
  });

  it('decode every 004 route’s answers', async () => {
    const tenant = PLATFORM.tenant;
    const service = await tokenFor({ sub: 'storefront', role: 'service', tenant });
    const sellerId = `seller-${randomUUID().slice(0, 8)}`;
    expect(
      (
        await call('PUT', `/v1/catalog/sellers/${sellerId}`, {
          token: service,
          body: { shopName: 'Demo Shop', email: 'demo@example.test' },
        })
      ).status,
    ).toBe(200);
    const customer = await tokenFor({ sub: `alice-${randomUUID().slice(0, 8)}`, role: 'customer', tenant });
    const seller = await tokenFor({ sub: sellerId, role: 'seller', tenant });
    const pk = (method: string, path: string, token: string, body?: unknown) =>
      call(method, `/api/v1/chat${path}`, {
        token,
        headers: { 'x-public-key': PLATFORM.key },
        ...(body !== undefined && { body }),
      });

    const created = await pk('POST', '/conversations', customer, { participant_uuid: sellerId });
    decodes(pkResult('Conversation created successfully', pkConversation), created, 201);
    const tagged = await pk('POST', '/conversations', customer, {
      participant_uuid: sellerId,
      taggable_type: 'App\\Models\\Order',
      taggable_id: 9,
    });
    decodes(pkResult('Conversation created successfully', pkConversation), tagged, 201);
    const uuidOf = created.body.data.uuid;
    decodes(
      pkResult('Message sent successfully', pkMessage),
      await pk('POST', `/conversations/${uuidOf}/messages`, customer, { text: 'Hi' }),
      201,
    );
    decodes(
      pkResult('Message sent successfully', pkMessage),
      await pk('POST', `/conversations/${uuidOf}/messages`, seller, { text: 'Hello', client_message_id: 'c-1' }),
      201,
    );
    for (const token of [customer, seller]) {
      decodes(pkPage('Conversations retrieved successfully', pkConversation), await pk('GET', '/conversations', token));
      decodes(
        pkPage('Messages retrieved successfully', pkMessage),
        await pk('GET', `/conversations/${uuidOf}/messages`, token),
      );
    }
    // A seller opens one too (issue item 6), with the customer's uuid as our answers give it.
    const customerUuid = created.body.data.participants[0].uuid;
    const bySeller = await pk('POST', '/conversations', seller, {
      participant_uuid: customerUuid,
      taggable_type: 'App\\Models\\Order',
      taggable_id: 10,
    });
    decodes(pkResult('Conversation created successfully', pkConversation), bySeller, 201);
  });
});
