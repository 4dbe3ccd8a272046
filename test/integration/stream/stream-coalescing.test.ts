import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/table-stream';
import { injectFaults } from '#test/support/dynamo/faults';
import { readMemberItems, writeMemberItems } from '#test/support/dynamo/member-items';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { recordedSends, seqOf } from '#test/support/stream/tap';

/** The handler on `records`, counting its updates of each member item (by sort key). */
const countingUpdates = async (records: DynamoDBRecord[]) => {
  const updates: Record<string, number> = {};
  const restore = injectFaults((command, input) => {
    if (command === 'UpdateCommand') updates[input.Key.SK] = (updates[input.Key.SK] ?? 0) + 1;
    return undefined;
  });
  try {
    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });
  } finally {
    restore();
  }
  return updates;
};

describe('a burst of messages in one stream batch', () => {
  it('is applied to each member item in one update, with exactly the counts of one message at a time; redelivered or half-applied, it converges to the same', async () => {
    const w = await newWorld();
    const participants = ['cust-1', 'seller-1'];
    const conv = await w.openProductConversation({ message: 'Hello' });
    const opened = await readMemberItems(w.tenant, conv.id, participants);
    const records = await recordedSends(w.tenant, conv.id, [
      [w.customer.token, 'two'],
      [w.customer.token, 'three'],
      [w.seller.token, 'four'],
      [w.customer.token, 'five'],
      [w.seller.token, 'six'],
      [w.customer.token, 'seven'],
    ]);
    expect(records.map(seqOf)).toEqual([2, 3, 4, 5, 6, 7]);
    // The stack's own processor applied them as they came: that is the truth.
    const truth = await eventually(async () => {
      const items = await readMemberItems(w.tenant, conv.id, participants);
      expect(items.map((i) => i.lastSeq)).toEqual([7, 7]);
      return items;
    });
    expect(truth[1]).toMatchObject({ unreadCount: 5, lastMessage: { seq: 7, text: 'seven' } });
    expect(truth[0]).toMatchObject({ unreadCount: 2, lastMessage: { seq: 7, text: 'seven' } });

    // All six in one batch: one update per member item, and exactly the truth.
    await writeMemberItems(opened);
    expect(await countingUpdates(records)).toEqual({ 'MEMBER#U#cust-1': 1, 'MEMBER#U#seller-1': 1 });
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);

    // Delivered again: nothing changes.
    await countingUpdates(records);
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);

    // An earlier batch reached one item only; the batch again, whole: each item takes exactly what it lacks (the
    // customer's first, refused try finds it part-way and takes the rest).
    await writeMemberItems(opened);
    expect(await handler({ Records: records.slice(0, 2) })).toEqual({ batchItemFailures: [] });
    await writeMemberItems([opened[1]!]);
    expect(await countingUpdates(records)).toEqual({ 'MEMBER#U#cust-1': 2, 'MEMBER#U#seller-1': 1 });
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);
  });
});
