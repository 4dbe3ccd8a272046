import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/table-stream';
import { keys, userMember } from '#shared/table/keys';
import { injectFaults } from '#test/support/dynamo/faults';
import { readMemberItems, writeMemberItems } from '#test/support/dynamo/member-items';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { insertsOf, openStreamTap } from '#test/support/stream/tap';

const conversationOf = (r: DynamoDBRecord) => r.dynamodb!.NewImage!.conversationId!.S;

describe('a failing stream record stops its conversation', () => {
  it('reports the earliest record not applied, applies nothing of that conversation from it on, and converges when re-run from it', async () => {
    const w = await newWorld();
    const participants = ['cust-1', 'seller-1'];
    const first = await w.openProductConversation({ message: 'Hello' });
    const second = (
      await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-1' }, message: 'About my order' },
      })
    ).body as { id: string };
    const opened = await Promise.all([first, second].map((c) => readMemberItems(w.tenant, c.id, participants)));
    const tap = await openStreamTap();
    let records: DynamoDBRecord[];
    try {
      // Interleaved in the stream: first, second, first, second, first, first.
      for (const [conv, token, text] of [
        [first, w.customer.token, 'one'],
        [second, w.seller.token, 'reply'],
        [first, w.seller.token, 'two'],
        [second, w.customer.token, 'thanks'],
        [first, w.customer.token, 'three'],
        [first, w.customer.token, 'four'],
      ] as const) {
        const sent = await call('POST', `/v1/conversations/${conv.id}/messages`, { token, body: { text } });
        expect(sent.status).toBe(201);
      }
      records = await tap.collect(insertsOf(w.tenant, 'message'), (rs) => rs.length === 6);
    } finally {
      tap.close();
    }
    expect(records.map(conversationOf)).toEqual([first.id, second.id, first.id, second.id, first.id, first.id]);
    // The stack's own stream processor applied them: that is the truth to converge to.
    const truth = await eventually(() =>
      Promise.all(
        [
          [first, 5],
          [second, 3],
        ].map(async ([conv, tip]) => {
          const items = await readMemberItems(w.tenant, (conv as { id: string }).id, participants);
          expect(items.map((i) => i.lastSeq)).toEqual([tip, tip]);
          return items;
        }),
      ),
    );
    expect(truth[0]![1]!.participants['U#seller-1']!.unreadCount).toBe(4);
    expect(truth[0]![0]!.participants['U#cust-1']!.unreadCount).toBe(1);

    // Back to the state before the messages, then deliver the batch with the second conversation's seller item
    // throttled: the first conversation is applied whole, the second not at all from its first record on.
    for (const items of opened) await writeMemberItems(items);
    const sellerOfSecond = keys.member(w.tenant, second.id, userMember(w.seller.id));
    const restore = injectFaults((command, input) =>
      command === 'UpdateCommand' && input.Key.SK === sellerOfSecond.SK && input.Key.PK === sellerOfSecond.PK
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
    expect(await readMemberItems(w.tenant, first.id, participants)).toEqual(truth[0]);
    const [customerOfSecond, sellerItem] = await readMemberItems(w.tenant, second.id, participants);
    expect(sellerItem).toEqual(opened[1]![1]);
    // The run's other member item took it (one update per item); the retry will not count it again.
    expect(customerOfSecond).toEqual(truth[1]![0]);

    // Lambda retries from the reported record: everything converges to exactly the truth.
    expect(await handler({ Records: records.slice(1) })).toEqual({ batchItemFailures: [] });
    expect(await readMemberItems(w.tenant, first.id, participants)).toEqual(truth[0]);
    expect(await readMemberItems(w.tenant, second.id, participants)).toEqual(truth[1]);
    // And a redelivery of the whole batch on top changes nothing.
    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(await readMemberItems(w.tenant, first.id, participants)).toEqual(truth[0]);
    expect(await readMemberItems(w.tenant, second.id, participants)).toEqual(truth[1]);
  });
});
