import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#shared/observability/logger';
import { EarlierMessagePending } from './apply-message';
import type { Effect } from './effects';

/**
 * A stream consumer's handler. Records are handled strictly in order and the batch stops at the first
 * failure: that record's sequence number is reported, Lambda retries from it, and nothing after it has been
 * applied yet, so per-conversation order holds through retries. (Powertools' BatchProcessor would go on with
 * later records, which would let message n+1 overtake a failed message n.) Across shards, a message whose
 * predecessor is not applied yet fails the same way and waits for it (shared/stream/apply-message.ts).
 */
export const processInOrder =
  (apply: Effect) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records) {
      try {
        await apply(record);
      } catch (error) {
        return failedAt(record, error);
      }
    }
    return { batchItemFailures: [] };
  };

/** The answer that makes Lambda retry from `record` (and everything after it), with the reason logged. */
export const failedAt = (record: DynamoDBRecord, error: unknown): DynamoDBBatchResponse => {
  const details = { error: error as Error, sequenceNumber: record.dynamodb?.SequenceNumber };
  if (error instanceof EarlierMessagePending)
    logger.warn('Stream record waits for an earlier message; the batch resumes from it', details);
  else logger.error('Stream record failed; the batch resumes from it', details);
  return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
};
