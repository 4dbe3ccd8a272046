import type { DynamoDBRecord } from 'aws-lambda';
import type { HeadItem, MessageItem } from '../chat/model';
import { notifyOfflineRecipient } from '../email/notify-offline-recipient';
import { sendNewConversationEmail } from '../email/send-new-conversation-email';
import { applyMessage } from './apply-message';
import { insertedEntity } from './records';

/**
 * What the table stream does, per record. Each effect must be idempotent on its own (the stream delivers at
 * least once), and effects of one record run in order: a failure stops the record and it is retried whole.
 */
type Effect = (record: DynamoDBRecord) => Promise<void>;

const onMessage = (run: (m: MessageItem) => Promise<void>): Effect => async (record) => {
  const message = insertedEntity<MessageItem>(record, 'message');
  if (message) await run(message);
};

export const onConversationOpened = (run: (h: HeadItem) => Promise<void>): Effect => async (record) => {
  const head = insertedEntity<HeadItem>(record, 'conversation');
  if (head) await run(head);
};

export const effects: Effect[] = [
  onMessage(applyMessage),
  onConversationOpened(sendNewConversationEmail),
  onMessage(notifyOfflineRecipient),
];

export const applyEffects = async (record: DynamoDBRecord) => {
  for (const effect of effects) await effect(record);
};
