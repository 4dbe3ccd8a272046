import { describe, expect, it } from 'vitest';
import { conversationIdByNumber } from '#shared/chat/items/conversation-number';
import { getMember } from '#shared/chat/items/member';
import { userMember } from '#shared/table/keys';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';

const numberOf = async (tenant: string, conversationId: string, userId: string) =>
  (await getMember(tenant, conversationId, userMember(userId), true))!.conversation.number;

describe('conversation numbers (the numeric alias dialects show)', () => {
  it('gives every conversation of a tenant its own number, resolvable only in that tenant', async () => {
    const w = await newWorld();
    const product = await w.openProductConversation();
    const direct = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id, topic: { type: 'order', id: '7' } },
    });
    expect(direct.status).toBe(201);

    const a = await numberOf(w.tenant, product.id, w.customer.id);
    const b = await numberOf(w.tenant, direct.body.id, w.customer.id);
    expect(Number.isInteger(a) && a > 0).toBe(true);
    expect(b).not.toBe(a);
    expect(await conversationIdByNumber(w.tenant, a)).toBe(product.id);
    expect(await conversationIdByNumber(w.tenant, b)).toBe(direct.body.id);
    // The seller's copy of the conversation carries the same number.
    expect(await numberOf(w.tenant, product.id, w.seller.id)).toBe(a);

    const other = await newWorld();
    expect(await conversationIdByNumber(other.tenant, a)).toBeUndefined();
  });

  it('keeps one conversation and one number under concurrent opens of the same conversation', async () => {
    const w = await newWorld();
    const opens = await Promise.all(
      Array.from({ length: 6 }, () =>
        call('POST', '/v1/conversations', { token: w.customer.token, body: { productId: w.productId } }),
      ),
    );
    expect(opens.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const ids = new Set(opens.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    const number = await numberOf(w.tenant, id!, w.customer.id);
    expect(await conversationIdByNumber(w.tenant, number)).toBe(id);
  });

  it('gives conversations opened at once in one tenant distinct numbers: one claims the counter, the others take the next', async () => {
    const w = await newWorld();
    const customers = await Promise.all(Array.from({ length: 8 }, (_, i) => w.user(`buyer-${i}`)));
    const opens = await Promise.all(
      customers.map((c) => call('POST', '/v1/conversations', { token: c.token, body: { productId: w.productId } })),
    );
    expect(opens.map((r) => r.status)).toEqual(Array(8).fill(201));
    const numbers = await Promise.all(opens.map((r, i) => numberOf(w.tenant, r.body.id, customers[i]!.id)));
    expect(new Set(numbers).size).toBe(8);
    for (const [i, number] of numbers.entries())
      expect(await conversationIdByNumber(w.tenant, number)).toBe(opens[i]!.body.id);
  });
});
