import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { expectInvalidFields } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';
import { connectWs } from '#test/support/ws/client';

/** JSON's `\ud800` escape decodes to a lone surrogate: text with no UTF-8 form, which DynamoDB and SES refuse. */
const LONE = 'a\\ud800b';
const raw = (json: string) => json.replaceAll('LONE', LONE);

const messagesOf = async (token: string, id: string) =>
  ((await call('GET', `/v1/conversations/${id}/messages?after=0`, { token })).body as { items: { text: string }[] })
    .items;

describe('text that is not valid Unicode', () => {
  it('is a 422 naming the field on every core route that stores or echoes text; nothing is stored', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'first' });
    const cases = [
      { method: 'POST', path: `/v1/conversations/${conv.id}/messages`, body: '{"text":"LONE"}', field: 'text' },
      { method: 'POST', path: '/v1/conversations', body: '{"productId":"p-1","message":"LONE"}', field: 'message' },
      { method: 'POST', path: '/v1/conversations', body: '{"productId":"p-1","subject":"LONE"}', field: 'subject' },
      {
        method: 'PUT',
        path: '/v1/catalog/sellers/seller-2',
        body: '{"shopName":"LONE","email":"s2@example.test"}',
        field: 'shopName',
        token: w.service,
      },
      {
        method: 'PUT',
        path: '/v1/catalog/products/p-2',
        body: '{"name":"Kettle","sellerId":"seller-1","price":"LONE"}',
        field: 'price',
        token: w.service,
      },
      { method: 'POST', path: '/v1/guest-sessions', body: '{"name":"LONE"}', field: 'name', token: undefined },
      {
        method: 'POST',
        path: '/v1/support/conversations',
        body: '{"message":"x","extra":{"deep":["LONE"]}}',
        field: 'extra.deep.0',
      },
    ];
    for (const c of cases) {
      const res = await call(c.method, c.path, {
        token: 'token' in c ? c.token : w.customer.token,
        rawBody: raw(c.body),
      });
      expect({ path: c.path, status: res.status }).toEqual({ path: c.path, status: 422 });
      expectInvalidFields(res, [c.field]);
    }
    expect((await messagesOf(w.customer.token, conv.id)).map((m) => m.text)).toEqual(['first']);
    const product = await call('PUT', '/v1/catalog/products/p-2', {
      token: w.service,
      body: { name: 'Kettle', sellerId: 'seller-1' },
    });
    expect(product.body).not.toHaveProperty('product.price');
  });

  it('is a 422 in a compatibility dialect and an error event over the WebSocket; nothing is stored', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'first' });
    const compat = await call('POST', '/api/v2/chat/insert-message', {
      token: w.customer.token,
      rawBody: raw(`{"conversation_id":"${conv.id}","message":"LONE"}`),
    });
    expect(compat.status).toBe(422);
    expect(Object.keys((compat.body as { errors: object }).errors)).toEqual(['message']);

    const ws = await connectWs(w.customer.token);
    ws.sendRaw(raw(`{"action":"sendMessage","conversationId":"${conv.id}","text":"LONE"}`));
    const error = await ws.next({ type: 'error' });
    expect(error).toMatchObject({ status: 422, errors: { text: [expect.any(String)] } });
    await ws.close();
    expect((await messagesOf(w.customer.token, conv.id)).map((m) => m.text)).toEqual(['first']);
  });

  it('well-formed text outside the basic plane (emoji, astral CJK) is stored as sent', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const text = 'ok 👩‍👩‍👧‍👦 𠀀 \\u00e9';
    const res = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.customer.token,
      rawBody: `{"text":"${text}"}`,
    });
    expect(res.status).toBe(201);
    expect((res.body as { message: { text: string } }).message.text).toBe('ok 👩‍👩‍👧‍👦 𠀀 é');
  });
});
