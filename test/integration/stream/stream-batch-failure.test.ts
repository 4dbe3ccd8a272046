import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/table-stream';
import { injectFaults } from '#test/support/dynamo/faults';
import { readMemberItems, writeMemberItems } from '#test/support/dynamo/member-items';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { insertsOf, openStreamTap } from '#test/support/stream/tap';

describe('a failing stream record stops the batch', () => {
  it('reports exactly the throttled record, applies nothing after it, and converges when re-run from it', async () => {
    const w = await newWorld();
    const participants = ['cust-1', 'seller-1'];
    const conv = await w.openProductConversation({ message: 'Hello' });
    const opened = await readMemberItems(w.tenant, conv.id, participants);
    const tap = await openStreamTap();
    let records;
    try {
      for (const [token, text] of [
        [w.customer.token, 'one'],
        [w.seller.token, 'two'],
        [w.customer.token, 'three'],
        [w.customer.token, 'four'],
      ] as const) {
        expect((await call('POST', `/v1/conversations/${conv.id}/messages`, { token, body: { text } })).status).toBe(
          201,
        );
      }
      records = await tap.collect(insertsOf(w.tenant, 'message'), (rs) => rs.length === 4);
    } finally {
      tap.close();
    }
    expect(records.map((r) => Number(r.dynamodb!.NewImage!.seq!.N))).toEqual([2, 3, 4, 5]);
    // The stack's own stream processor applied them: that is the truth to converge to.
    const truth = await eventually(async () => {
      const items = await readMemberItems(w.tenant, conv.id, participants);
      expect(items.map((i) => i.lastSeq)).toEqual([5, 5]);
      return items;
    });
    expect(truth[1]!.participants['U#seller-1']!.unreadCount).toBe(4);
    expect(truth[0]!.participants['U#cust-1']!.unreadCount).toBe(1);

    // Back to the state before the messages, then deliver the batch with the 2nd record's updates throttled.
    await writeMemberItems(opened);
    const restore = injectFaults((command, input) =>
      command === 'UpdateCommand' && input.ExpressionAttributeValues?.[':seq'] === 3
        ? new ProvisionedThroughputExceededException({
            message: 'Rate of requests exceeds the allowed throughput.',
            $metadata: {},
          })
        : undefined,
    );
    let response;
    try {
      response = await handler({ Records: records });
    } finally {
      restore();
    }
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }] });
    const partial = await readMemberItems(w.tenant, conv.id, participants);
    for (const item of partial) {
      expect(item.lastSeq).toBe(2);
      expect(item.lastMessage).toMatchObject({ seq: 2, text: 'one' });
    }
    expect(partial[1]!.participants['U#seller-1']!.unreadCount).toBe(2);
    expect(partial[0]!.participants['U#cust-1']!.unreadCount).toBe(0);

    // Lambda retries from the reported record: everything converges to exactly the truth.
    expect(await handler({ Records: records.slice(1) })).toEqual({ batchItemFailures: [] });
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);
    // And a redelivery of the whole batch on top changes nothing.
    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);
  });
});
