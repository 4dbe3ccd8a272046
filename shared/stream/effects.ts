import type { DynamoDBRecord } from 'aws-lambda';
import type { HeadItem } from '#shared/chat/items/head';
import type { MessageItem } from '#shared/chat/items/message';
import { flaggedEntity, insertedEntity } from './records';

/**
 * A stream effect, per record. Each must be idempotent on its own (the stream delivers at least once), and the
 * effects of one consumer run in order on a record: a failure stops the record and it is retried whole.
 */
export type Effect = (record: DynamoDBRecord) => Promise<void>;

export const onMessage =
  (run: (m: MessageItem) => Promise<void>): Effect =>
  async (record) => {
    const message = insertedEntity<MessageItem>(record, 'message');
    if (message) await run(message);
  };

export const onConversationOpened =
  (run: (h: HeadItem) => Promise<void>): Effect =>
  async (record) => {
    const head = insertedEntity<HeadItem>(record, 'conversation');
    if (head) await run(head);
  };

/** A message was redacted (the MODIFY record whose new image says `redacted: true`). */
export const onMessageRedacted =
  (run: (m: MessageItem) => Promise<void>): Effect =>
  async (record) => {
    const message = flaggedEntity<MessageItem>(record, 'message', 'redacted');
    if (message) await run(message);
  };

/** An item of `entity` was inserted (e.g. the next step of a long job). */
export const onInsert =
  <T>(entity: string, run: (item: T) => Promise<void>): Effect =>
  async (record) => {
    const item = insertedEntity<T>(record, entity);
    if (item) await run(item);
  };

/** One consumer's effects as one: applied to a record one after the other. */
export const inOrder =
  (effects: Effect[]): Effect =>
  async (record) => {
    for (const effect of effects) await effect(record);
  };
