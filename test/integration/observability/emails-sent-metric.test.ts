import { MessageRejected, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/stream/email-stream';
import { ses } from '#shared/email/ses-client';
import { type EmailWorld, emailWorld } from '#test/support/email/email-world';
import { emailsTo, waitForEmails } from '#test/support/email/inbox';
import { captureMetrics } from '#test/support/observability/emitted-metrics';
import { insertRecord, streamEvent } from '#test/support/stream/records';

// The email consumer runs in-process here, on headers the stack never saw, so only this test sends their emails.
const unseenHeader = async (w: EmailWorld, suffix: string) => {
  const { id } = await w.open({ message: 'template' });
  await waitForEmails(w.seller.email, 1);
  const head = (await w.head(id))!;
  return { ...head, id: `${id}-${suffix}`, PK: `${head.PK}-${suffix}` };
};

describe('the EmailsSent metric', () => {
  beforeEach(() => vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false'));
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('counts an email SES accepted, once, in the ProductEnquiryChat namespace with the service dimension; not its redelivery', async () => {
    const w = await emailWorld();
    const head = await unseenHeader(w, 'metric');
    const emitted = captureMetrics();
    const batch = streamEvent(insertRecord(head));

    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });

    expect((await emailsTo(w.seller.email)).filter((e) => e.body.text!.includes(`/inbox/${head.id}`))).toHaveLength(1);
    const metrics = emitted();
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'ProductEnquiryChat',
            Dimensions: [['service']],
            Metrics: [{ Name: 'EmailsSent', Unit: 'Count' }],
          },
        ],
      },
      service: 'product-enquiry-chat',
      EmailsSent: 1,
    });
  });

  it('does not count an email SES rejected', async () => {
    const w = await emailWorld();
    const head = await unseenHeader(w, 'rejected');
    const sesMock = mockClient(ses());
    try {
      sesMock
        .on(SendRawEmailCommand)
        .rejects(
          new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } }),
        );
      const emitted = captureMetrics();
      expect(await handler(streamEvent(insertRecord(head)))).toEqual({ batchItemFailures: [] });
      expect(await w.openedClaim(head.id, w.seller.id)).toMatchObject({ state: 'rejected' });
      expect(emitted()).toEqual([]);
    } finally {
      sesMock.restore();
    }
  });
});
