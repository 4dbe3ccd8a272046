import type { SESEvent } from 'aws-lambda';
import { receiveReply } from '#shared/email/inbound/receive-reply';

/**
 * Replies by email: invoked by the SES receipt rule (after its S3 action stored the raw mail) and, locally, by the
 * SMTP receiver with the same event. Each received email is posted or rejected (shared/email/inbound/receive-reply.ts);
 * a transient failure throws, so Lambda retries the invocation and the Message-ID keeps the result to one message.
 */
export const handler = async (event: SESEvent) => {
  const outcomes = [];
  for (const record of event.Records) outcomes.push(...(await receiveReply(record.ses)));
  return { outcomes };
};
