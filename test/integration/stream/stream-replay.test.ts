import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/table-stream';
import { readMemberItems } from '#test/support/dynamo/member-items';
import { seededRandom } from '#test/support/fuzz/prng';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { openStreamTap } from '#test/support/stream/tap';

const ofTenant = (tenant: string) => (r: DynamoDBRecord) =>
  (r.dynamodb?.NewImage ?? r.dynamodb?.OldImage)?.tenant?.S === tenant;

describe('the stream processor has an exactly-once effect', () => {
  it('changes nothing when the same batch, or any subset or permutation of it, is delivered again', async () => {
    const w = await newWorld();
    const tap = await openStreamTap();
    try {
      const other = await w.openProductConversation({}, (await w.user('cust-2')).token);
      const conv = await w.openProductConversation({ message: 'Is it in stock?' });
      const send = (token: string, text: string) =>
        call('POST', `/v1/conversations/${conv.id}/messages`, { token, body: { text } });
      await send(w.customer.token, 'And in blue?');
      await send(w.seller.token, 'Yes, both.');
      await eventually(async () =>
        expect(
          (await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token })).body.lastMessage.seq,
        ).toBe(3),
      );
      await call('POST', `/v1/conversations/${conv.id}/read`, { token: w.seller.token, body: { seq: 2 } });
      await call('PATCH', `/v1/conversations/${conv.id}`, { token: w.customer.token, body: { archived: true } });
      await send(w.seller.token, 'Shipping is free.');
      await send(w.customer.token, 'Great, thanks!');

      const messages = await tap.collect(
        (r) => ofTenant(w.tenant)(r) && r.eventName === 'INSERT' && r.dynamodb?.NewImage?.entity?.S === 'message',
        (rs) => rs.length === 6,
      );
      expect(messages.map((r) => Number(r.dynamodb!.NewImage!.seq!.N))).toEqual([1, 1, 2, 3, 4, 5]);
      const participants = ['cust-1', 'seller-1'];
      const settled = await eventually(async () => {
        const items = await readMemberItems(w.tenant, conv.id, participants);
        expect(items.map((i) => i.lastSeq)).toEqual([5, 5]);
        return items;
      });
      // Every record of the tenant so far, as the stream delivered them: inserts, the stream's own updates, reads.
      const batch = await tap.collect(ofTenant(w.tenant), () => true);
      const views = async () => ({
        items: await readMemberItems(w.tenant, conv.id, participants),
        sellerList: (await call('GET', '/v1/conversations', { token: w.seller.token })).body.items,
        customerUnread: (await call('GET', '/v1/unread', { token: w.customer.token })).body,
        sellerUnread: (await call('GET', '/v1/unread', { token: w.seller.token })).body,
      });
      const before = await views();
      expect(before.items).toEqual(settled);
      expect(before.sellerList.map((c: { id: string }) => c.id)).toEqual([conv.id, other.id]);
      expect(before.items[0]).toMatchObject({
        archived: false,
        participants: { 'U#cust-1': { unreadCount: 2 }, 'U#seller-1': { unreadCount: 1, lastReadSeq: 2 } },
      });
      expect(before.sellerUnread).toEqual({ total: 2, conversations: 2 });

      expect(await handler({ Records: batch })).toEqual({ batchItemFailures: [] });
      expect(await views()).toEqual(before);

      const seed = Number(process.env.FUZZ_SEED ?? 20240601);
      const random = seededRandom(seed);
      for (let round = 0; round < 12; round++) {
        const replay = random.shuffle(random.subset(batch));
        expect(await handler({ Records: replay }), `seed ${seed} round ${round}`).toEqual({ batchItemFailures: [] });
      }
      expect(await views()).toEqual(before);
    } finally {
      tap.close();
    }
  });
});
