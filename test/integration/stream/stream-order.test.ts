import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/table-stream';
import { readMemberItems, writeMemberItems } from '#test/support/dynamo/member-items';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { recordedSends } from '#test/support/stream/tap';

const seqOf = (r: DynamoDBRecord) => Number(r.dynamodb!.NewImage!.seq!.N);
const sequenceNumber = (r: DynamoDBRecord) => r.dynamodb!.SequenceNumber!;

/**
 * Like Lambda on one shard: the batch from the first unprocessed record, again from the reported record after
 * a failure (with a short wait), until every record has passed.
 */
const consumeShard = async (records: DynamoDBRecord[]) => {
  for (let from = 0, retries = 0; from < records.length; retries++) {
    const { batchItemFailures } = await handler({ Records: records.slice(from) });
    if (batchItemFailures.length === 0) return;
    if (retries > 200) throw new Error('a shard never got past its failed record');
    from = records.findIndex((r) => sequenceNumber(r) === batchItemFailures[0]!.itemIdentifier);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('message records of one conversation are applied in seq order whatever order they arrive in', () => {
  it('n+1 before n fails and is retried; after n, the counts are exactly those of in-order delivery, also with sibling shards', async () => {
    const w = await newWorld();
    const participants = ['cust-1', 'seller-1'];
    const conv = await w.openProductConversation({ message: 'Hello' });
    const opened = await readMemberItems(w.tenant, conv.id, participants);
    const records = await recordedSends(w.tenant, conv.id, [
      [w.customer.token, 'two'],
      [w.customer.token, 'three'],
      [w.seller.token, 'four'],
      [w.customer.token, 'five'],
      [w.customer.token, 'six'],
    ]);
    expect(records.map(seqOf)).toEqual([2, 3, 4, 5, 6]);
    // The stack's own processor saw them in order: that is the truth.
    const truth = await eventually(async () => {
      const items = await readMemberItems(w.tenant, conv.id, participants);
      expect(items.map((i) => i.lastSeq)).toEqual([6, 6]);
      return items;
    });
    expect(truth[1]!.participants['U#seller-1']!.unreadCount).toBe(5);
    expect(truth[0]!.participants['U#cust-1']!.unreadCount).toBe(1);
    const [two, three] = records;

    // Message 3 arrives before message 2: it is reported as failed and changes nothing.
    await writeMemberItems(opened);
    expect(await handler({ Records: [three!] })).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceNumber(three!) }],
    });
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(opened);
    // Message 2 comes, then 3 is retried, then the rest: exactly the truth.
    expect(await handler({ Records: [two!] })).toEqual({ batchItemFailures: [] });
    expect(await handler({ Records: records.slice(1) })).toEqual({ batchItemFailures: [] });
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);

    // Two sibling shards processed concurrently, the later seqs in the shard that starts first.
    await writeMemberItems(opened);
    const evens = records.filter((r) => seqOf(r) % 2 === 0);
    const odds = records.filter((r) => seqOf(r) % 2 === 1);
    await Promise.all([consumeShard(odds), consumeShard(evens)]);
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);
  });
});
