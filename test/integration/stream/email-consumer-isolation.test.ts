import { SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as emailHandler } from '#functions/stream/email-stream';
import { handler as chatHandler } from '#functions/stream/table-stream';
import { ses } from '#shared/email/ses-client';
import { readMemberItems } from '#test/support/dynamo/member-items';
import { emailWorld, laterMessage, plusMinutes } from '#test/support/email/email-world';
import { insertRecord, streamEvent } from '#test/support/stream/records';

// An SES outage, injected on the app's SES client (the local SES cannot be made to fail).
let sesMock: ReturnType<typeof mockClient>;
beforeEach(() => {
  sesMock = mockClient(ses());
  sesMock.on(SendRawEmailCommand).rejects(
    new SESServiceException({
      name: 'ServiceUnavailable',
      message: 'Service unavailable',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    }),
  );
});
afterEach(() => {
  sesMock.restore();
});

describe('the two consumers of the table stream', () => {
  it('an SES outage fails the email consumer at the first email; the chat consumer applies the same records', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Is it in stock?' });
    await w.windowStarted(id); // the stack's email consumer has handled the opening
    const head = (await w.head(id))!;
    // Two replies the stack never saw (they are not in the table): to the offline customer, who gets an email.
    const replies = [
      insertRecord(laterMessage(head, 2, w.seller.id, 'Yes.', plusMinutes(head.createdAt, 1))),
      insertRecord(laterMessage(head, 3, w.seller.id, 'Two left.', plusMinutes(head.createdAt, 2))),
    ];

    expect(await emailHandler(streamEvent(...replies))).toEqual({
      batchItemFailures: [{ itemIdentifier: replies[0]!.dynamodb!.SequenceNumber }],
    });
    expect(await w.notifyClaim(id, w.customer.id)).toMatchObject({ state: 'failed', seq: 2 });

    expect(await chatHandler(streamEvent(...replies))).toEqual({ batchItemFailures: [] });
    const [customer, seller] = await readMemberItems(w.tenant, id, [w.customer.id, w.seller.id]);
    for (const item of [customer!, seller!])
      expect(item).toMatchObject({ lastSeq: 3, lastMessage: { seq: 3, text: 'Two left.' } });
    expect(customer!.participants['U#cust-1']!.unreadCount).toBe(2);
    expect(sesMock.commandCalls(SendRawEmailCommand)).toHaveLength(1); // the chat consumer never calls SES
  });
});
