import type { StreamConsumerDef, StreamMappingSettings } from './types';

/**
 * What both readers share: from the oldest record, batches of up to 100 invoked at once, one batch per shard at a
 * time (strict order), a failing batch bisected, nothing kept once it is 6 h old.
 */
const ORDERED_BATCHES = {
  startingPosition: 'TRIM_HORIZON',
  batchSize: 100,
  maxBatchingWindowSeconds: 0,
  bisectBatchOnError: true,
  maxRecordAgeSeconds: 6 * 60 * 60,
  parallelizationFactor: 1,
} as const satisfies Omit<StreamMappingSettings, 'retryAttempts'>;

/** Unread counts and activity order: the effects every inbox depends on, never held up by email. */
export const streamHandler: StreamConsumerDef = {
  name: 'Stream',
  entry: 'functions/stream/table-stream.ts',
  description: 'Table stream: unread counts and activity order',
  inserts: ['message'],
  table: { actions: ['UpdateItem'] },
  timeoutSeconds: 60,
  // A batch that still fails after 10 retries is skipped (to the dead-letter queue): later records must not wait.
  mapping: { ...ORDERED_BATCHES, retryAttempts: 10 },
};

/** Notification emails (SES): a second reader of the same stream, so an SES outage delays only emails. */
export const emailStreamHandler: StreamConsumerDef = {
  name: 'EmailStream',
  entry: 'functions/stream/email-stream.ts',
  description: 'Table stream: notification emails',
  inserts: ['conversation', 'message'],
  table: { actions: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  timeoutSeconds: 60,
  // Emails retry until the records are 6 h old: while SES is down they wait, and nothing else waits for them.
  mapping: { ...ORDERED_BATCHES, retryAttempts: 10_000 },
};

/** Both readers of the table stream (DynamoDB Streams allows two per shard). */
export const streamConsumers: StreamConsumerDef[] = [streamHandler, emailStreamHandler];
