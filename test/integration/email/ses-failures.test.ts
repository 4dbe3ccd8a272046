import { MessageRejected, SESClient, SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/email-stream';
import { ses } from '#shared/email/ses-client';
import { type EmailWorld, emailWorld, laterMessage, plusMinutes } from '#test/support/email/email-world';
import { emailsTo, waitForEmails } from '#test/support/email/inbox';
import { insertRecord, streamEvent } from '#test/support/stream/records';

/**
 * Faults the local SES cannot produce, injected on the app's SES client with aws-sdk-client-mock; every call that
 * is not a fault goes through to the real local SES, so the inbox shows what really went out.
 */
const realSes = new SESClient({});
let sesMock: ReturnType<typeof mockClient>;
const passThrough = (input: SendRawEmailCommand['input']) => realSes.send(new SendRawEmailCommand(input));

const throttling = () =>
  new SESServiceException({
    name: 'Throttling',
    message: 'Maximum sending rate exceeded.',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
const unavailable = () =>
  new SESServiceException({
    name: 'ServiceUnavailable',
    message: 'Service unavailable',
    $fault: 'server',
    $metadata: { httpStatusCode: 503 },
  });

beforeEach(() => {
  sesMock = mockClient(ses());
});
afterEach(() => {
  sesMock.restore();
});

/** A conversation whose header the poller never saw: only this test delivers it, so only this test sends its email. */
const unseenHeader = async (w: EmailWorld) => {
  const { id } = await w.open({ message: 'template' });
  await waitForEmails(w.seller.email, 1);
  const head = (await w.head(id))!;
  return { ...head, id: `${id}-unseen`, PK: `${head.PK}-unseen` };
};

describe('SES failures: the record is reported failed, its retry sends exactly once', () => {
  it.each([
    ['throttling', throttling],
    ['a transient 5xx', unavailable],
  ])('new-conversation email after %s', async (_, fault) => {
    const w = await emailWorld();
    const head = await unseenHeader(w);
    sesMock.on(SendRawEmailCommand).rejectsOnce(fault()).callsFake(passThrough);
    const record = insertRecord(head);
    const batch = streamEvent(record);

    expect(await handler(batch)).toEqual({ batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber }] });
    expect(await w.openedClaim(head.id, w.seller.id)).toMatchObject({ state: 'failed' });
    expect(await emailsTo(w.seller.email)).toHaveLength(1); // only the template conversation's

    expect(await handler(batch)).toEqual({ batchItemFailures: [] }); // Lambda's retry
    expect(await handler(batch)).toEqual({ batchItemFailures: [] }); // and a re-delivery after success
    const emails = await emailsTo(w.seller.email);
    expect(emails.filter((e) => e.body.text!.includes(`/inbox/${head.id}`))).toHaveLength(1);
    expect(sesMock.commandCalls(SendRawEmailCommand)).toHaveLength(2);
    expect(await w.openedClaim(head.id, w.seller.id)).toMatchObject({ state: 'sent' });
  });

  it('a failed notification stops the batch at that record; the retry resumes there and sends each email once', async () => {
    process.env.EMAIL_NOTIFY_WINDOW_MINUTES = '1';
    try {
      const w = await emailWorld();
      const { id } = await w.open({ message: 'Hello' });
      const head = (await w.head(id))!;
      const first = insertRecord(laterMessage(head, 2, w.seller.id, 'reply one', plusMinutes(head.createdAt, 0.1)));
      const second = insertRecord(laterMessage(head, 3, w.seller.id, 'reply two', plusMinutes(head.createdAt, 1.2)));
      sesMock
        .on(SendRawEmailCommand)
        .callsFakeOnce(passThrough)
        .rejectsOnce(unavailable())
        .rejectsOnce(throttling())
        .callsFake(passThrough);

      // Attempt 1: reply one goes out, reply two fails: the batch reports reply two.
      expect(await handler(streamEvent(first, second))).toEqual({
        batchItemFailures: [{ itemIdentifier: second.dynamodb!.SequenceNumber }],
      });
      // Lambda retries from the failed record; it fails again (throttled), then succeeds.
      expect(await handler(streamEvent(second))).toEqual({
        batchItemFailures: [{ itemIdentifier: second.dynamodb!.SequenceNumber }],
      });
      expect(await handler(streamEvent(second))).toEqual({ batchItemFailures: [] });
      // A stale re-delivery of the whole batch changes nothing.
      expect(await handler(streamEvent(first, second))).toEqual({ batchItemFailures: [] });

      const emails = await emailsTo(w.customer.email);
      expect(emails.map((e) => e.body.text!.split('\n')[2])).toEqual(['reply one', 'reply two']);
      expect(sesMock.commandCalls(SendRawEmailCommand)).toHaveLength(4);
    } finally {
      delete process.env.EMAIL_NOTIFY_WINDOW_MINUTES;
    }
  });

  it('a permanent rejection is recorded, not retried, and does not hold up the stream', async () => {
    const w = await emailWorld();
    const head = await unseenHeader(w);
    sesMock
      .on(SendRawEmailCommand)
      .rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } }));
    const batch = streamEvent(insertRecord(head));
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await w.openedClaim(head.id, w.seller.id)).toMatchObject({ state: 'rejected' });
    expect(sesMock.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });
});
