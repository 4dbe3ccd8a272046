import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/table-stream';
import type { MemberItem } from '#shared/chat/items/member';
import { readMemberItems, writeMemberItems } from '#test/support/dynamo/member-items';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { insertsOf, openStreamTap } from '#test/support/stream/tap';

const seqOf = (r: DynamoDBRecord) => Number(r.dynamodb!.NewImage!.seq!.N);
const isRead = (tenant: string) => (r: DynamoDBRecord) =>
  r.eventName === 'MODIFY' &&
  r.dynamodb?.NewImage?.tenant?.S === tenant &&
  r.dynamodb.NewImage.entity?.S === 'member' &&
  r.dynamodb.NewImage.receiptDue?.BOOL === true;
const ok = { batchItemFailures: [] };

/**
 * A read is written to the reader's own member item only (shared/chat/mark-read.ts); the stream copies it into the
 * other member item (shared/stream/apply-read-receipt.ts). The copy must be exact whichever item the stream has
 * applied more messages to, and change nothing when delivered again or after a later read.
 */
describe('read receipts', () => {
  it('reach the other member item exactly, whether it is level with, ahead of or behind the reader’s item, and never go backwards', async () => {
    const w = await newWorld();
    const participants = ['cust-1', 'seller-1'];
    const conv = await w.openProductConversation({ message: 'm1' });
    const opened = await readMemberItems(w.tenant, conv.id, participants);
    const send = async (text: string) =>
      expect(
        (await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body: { text } }))
          .status,
      ).toBe(201);
    const applied = (seq: number) =>
      eventually(async () => {
        const items = await readMemberItems(w.tenant, conv.id, participants);
        expect(items.map((i) => i.lastSeq)).toEqual([seq, seq]);
        return items;
      });
    const tap = await openStreamTap();
    let messages: DynamoDBRecord[];
    let read: DynamoDBRecord;
    try {
      await send('m2');
      await send('m3');
      await applied(3);
      // The seller has read m1 and m2 of the three: one stays unread.
      const res = await call('POST', `/v1/conversations/${conv.id}/read`, { token: w.seller.token, body: { seq: 2 } });
      expect(res.body).toMatchObject({ unreadCount: 1, lastReadSeq: 2 });
      await send('m4');
      messages = await tap.collect(insertsOf(w.tenant, 'message'), (rs) => rs.length === 3);
      read = (await tap.collect(isRead(w.tenant), (rs) => rs.length === 1))[0]!;
    } finally {
      tap.close();
    }
    expect(messages.map(seqOf)).toEqual([2, 3, 4]);
    const [m2, m3, m4] = messages as [DynamoDBRecord, DynamoDBRecord, DynamoDBRecord];
    // The truth, as the stack's own stream processor made it: both copies of the seller's state agree.
    const truth = await eventually(async () => {
      const items = await applied(4);
      expect(items[0]!.participants['U#seller-1']).toEqual(items[1]!.participants['U#seller-1']);
      return items;
    });
    expect(truth[1]!.participants['U#seller-1']).toMatchObject({ lastReadSeq: 2, unreadCount: 2 });
    const readerAtRead = unmarshall(read!.dynamodb!.NewImage as Record<string, AttributeValue>) as MemberItem;
    expect(readerAtRead).toMatchObject({ lastSeq: 3, receiptDue: true, unreadCount: 1 });
    const customerWith = async (records: DynamoDBRecord[]) => {
      await writeMemberItems([opened[0]!]);
      if (records.length > 0) expect(await handler({ Records: records })).toEqual(ok);
    };
    const resetTo = async (customerRecords: DynamoDBRecord[]) => {
      await customerWith(customerRecords);
      await writeMemberItems([readerAtRead]); // the seller's own item as the read left it
    };

    // Level: the customer's item has the messages the reader's had (up to m3), then m4 comes.
    await resetTo([m2, m3]);
    expect(await handler({ Records: [read!, m4] })).toEqual(ok);
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);

    // Ahead: the customer's item has m4 already when the read arrives (what stays unread is counted from the log).
    await resetTo([m2, m3, m4]);
    expect(await handler({ Records: [m4] })).toEqual(ok); // the seller's item catches up too
    expect(await handler({ Records: [read!] })).toEqual(ok);
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);

    // Behind: the customer's item has only m2; m3 and m4 arrive after the read and count only past it.
    await resetTo([m2]);
    expect(await handler({ Records: [read!] })).toEqual(ok);
    expect(await handler({ Records: [m3, m4] })).toEqual(ok);
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);

    // Delivered again, nothing changes; nor after a later read, which it never undoes.
    expect(await handler({ Records: [read!, m2, m3, m4, read!] })).toEqual(ok);
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(truth);
    await call('POST', `/v1/conversations/${conv.id}/read`, { token: w.seller.token });
    const later = await eventually(async () => {
      const items = await readMemberItems(w.tenant, conv.id, participants);
      expect(items[0]!.participants['U#seller-1']).toMatchObject({ lastReadSeq: 4, unreadCount: 0 });
      return items;
    });
    expect(await handler({ Records: [read!] })).toEqual(ok);
    expect(await readMemberItems(w.tenant, conv.id, participants)).toEqual(later);
  });
});
