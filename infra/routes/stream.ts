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

/**
 * Unread counts, activity order, previews and read receipts: the effects every inbox depends on, never held up by
 * email. Query: the few messages between a read position and the item it is copied to, when those differ
 * (shared/stream/apply-read-receipt.ts).
 */
export const streamHandler: StreamConsumerDef = {
  name: 'Stream',
  entry: 'functions/stream/table-stream.ts',
  description: 'Table stream: unread counts and activity order',
  inserts: ['message'],
  redactions: true,
  readReceipts: true,
  table: { actions: ['Query', 'UpdateItem'] },
  timeoutSeconds: 60,
  // A batch that still fails after 10 retries is skipped (to the dead-letter queue): later records must not wait.
  mapping: { ...ORDERED_BATCHES, retryAttempts: 10 },
};

/**
 * Notification emails (SES) and the steps of data erasures: a second reader of the same stream for the work that
 * may wait, so an SES outage or a long erasure delays only these.
 */
export const emailStreamHandler: StreamConsumerDef = {
  name: 'EmailStream',
  entry: 'functions/stream/email-stream.ts',
  description: 'Table stream: notification emails and data erasures',
  inserts: ['conversation', 'message', 'erasure-step'],
  // A redaction empties the reports' copies of the message.
  redactions: true,
  // An erasure's redactions are announced (message.redacted) like a moderator's, and their files deleted.
  pushes: true,
  storage: ['deleteFiles'],
  table: { actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], queryIndexes: ['inbox'] },
  timeoutSeconds: 60,
  // Emails and erasure steps retry until the records are 6 h old: while SES is down they wait, nothing else waits.
  mapping: { ...ORDERED_BATCHES, retryAttempts: 10_000 },
};

/** Both readers of the table stream (DynamoDB Streams allows two per shard). */
export const streamConsumers: StreamConsumerDef[] = [streamHandler, emailStreamHandler];
