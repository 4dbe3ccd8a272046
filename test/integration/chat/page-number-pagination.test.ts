import { describe, expect, it } from 'vitest';
import { listInbox, listInboxPage } from '#shared/chat/list-conversations';
import { listMessagePage } from '#shared/chat/list-messages';
import { userMember } from '#shared/table/keys';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

describe('page-number pagination helpers', () => {
  it('pages the inbox most recent first with the inbox size, in the same order as the cursor list', async () => {
    const w = await newWorld();
    for (const n of [2, 3, 4, 5]) {
      const put = await call('PUT', `/v1/catalog/products/p-${n}`, {
        token: w.service,
        body: { name: `Thing ${n}`, sellerId: w.seller.id },
      });
      expect(put.status).toBe(200);
    }
    for (const n of [1, 2, 3, 4, 5]) await w.openProductConversation({ productId: `p-${n}` });
    const slot = userMember(w.customer.id);
    const all = await eventually(async () => {
      const list = await listInbox({ tenant: w.tenant, userId: w.customer.id, role: 'customer' }, slot, {
        limit: 100,
        archived: false,
      });
      expect(list.items).toHaveLength(5);
      return list.items.map((c) => c.id);
    });

    const pages = await Promise.all(
      [1, 2, 3, 4].map((number) => listInboxPage(w.tenant, slot, { number, size: 2, archived: false })),
    );
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
    expect(pages.map((p) => p.items.map((i) => i.conversationId))).toEqual([
      all.slice(0, 2),
      all.slice(2, 4),
      all.slice(4),
      [],
    ]);
    expect((await listInboxPage(w.tenant, slot, { number: 1, size: 2, archived: true })).total).toBe(0);
  });

  it('pages the log newest first by seq ranges, with the message count, and hides it from non-participants', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'm1' });
    for (let n = 2; n <= 7; n++) {
      const sent = await call('POST', `/v1/conversations/${id}/messages`, {
        token: n % 2 ? w.customer.token : w.seller.token,
        body: { text: `m${n}` },
      });
      expect(sent.status).toBe(201);
    }
    const identity = { tenant: w.tenant, userId: w.customer.id, role: 'customer' as const };
    const pages = await Promise.all([1, 2, 3, 4].map((number) => listMessagePage(identity, id, { number, size: 3 })));
    expect(pages.map((p) => p.items.map((m) => m.seq))).toEqual([[7, 6, 5], [4, 3, 2], [1], []]);
    expect(pages.map((p) => p.total)).toEqual([7, 7, 7, 7]);
    expect(pages[0]!.items[0]).toMatchObject({ text: 'm7', senderId: w.customer.id });

    const stranger = { tenant: w.tenant, userId: 'stranger', role: 'customer' as const };
    await expect(listMessagePage(stranger, id, { number: 1, size: 3 })).rejects.toMatchObject({ status: 404 });
    await expect(listMessagePage(stranger, id, { number: 2, size: 3 })).rejects.toMatchObject({ status: 404 });
  });
});
