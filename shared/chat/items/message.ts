import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { randomId } from '#shared/ids';
import { db } from '#shared/table/client';
import { type Key, keys, LAST_LOG_KEY, type MemberKey, seqSortKey } from '#shared/table/keys';
import { queryAll, queryPages } from '#shared/table/query';
import { nowIso } from '#shared/time';
import type { AttachmentRef } from './attachment';
import type { HeadItem } from './head';

export interface MessageItem extends Key {
  entity: 'message';
  tenant: string;
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  sender: MemberKey;
  text: string;
  createdAt: string;
  clientMessageId?: string;
  /** The files sent with it (verified, and claimed in the message's own transaction), in the order sent. */
  attachments?: AttachmentRef[];
  /** Every participant slot at send time, so the stream processor needs no read to fan out. */
  members: MemberKey[];
  /** The first message of a new conversation: its effects were applied by the opening transaction. */
  opensConversation?: boolean;
  /** The tenant's policy masked contact details in `text` (shown to everyone). */
  moderation?: { masked: true };
  /** The text as written, when masked: for moderators only (the moderation queue, the author's data export). */
  originalText?: string;
  /** Emptied by a moderator or an erasure: `text` is "", the original is gone, the seq stays. */
  redacted?: true;
  redactedAt?: string;
}

export interface NewMessageFields {
  seq: number;
  sender: MemberKey;
  senderId: string;
  text: string;
  clientMessageId?: string | undefined;
  attachments?: AttachmentRef[] | undefined;
  /** A fresh id unless given (a retried append keeps its id across the seqs it tries). */
  id?: string;
  /** Now unless given. */
  createdAt?: string;
  opensConversation?: true;
  /** The text as written, when the policy masked `text` (shared/policy/screen-message.ts). */
  original?: string | undefined;
}

/** The message at `LOG#<seq>` of the conversation `head` describes, addressed to all its members. */
export const messageItem = (head: HeadItem, m: NewMessageFields): MessageItem => ({
  ...keys.message(head.tenant, head.id, m.seq),
  entity: 'message',
  tenant: head.tenant,
  id: m.id ?? randomId(),
  conversationId: head.id,
  seq: m.seq,
  senderId: m.senderId,
  sender: m.sender,
  text: m.text,
  createdAt: m.createdAt ?? nowIso(),
  ...(m.clientMessageId !== undefined && { clientMessageId: m.clientMessageId }),
  ...(m.attachments?.length ? { attachments: m.attachments } : {}),
  members: head.members,
  ...(m.opensConversation && { opensConversation: true }),
  ...(m.original !== undefined && { moderation: { masked: true }, originalText: m.original }),
});

/** The text a sender wrote: what a retried send is compared with (a retry is masked again, maybe differently). */
export const writtenText = (m: Pick<MessageItem, 'text' | 'originalText'>) => m.originalText ?? m.text;

export const isMessage = (item: { entity?: unknown } | undefined): item is MessageItem => item?.entity === 'message';

/** One message by seq, strongly consistent (it may have been committed a moment ago). */
export const getMessage = async (tenant: string, conversationId: string, seq: number) => {
  const { Item } = await db().send(
    new GetCommand({
      TableName: config.tableName,
      Key: keys.message(tenant, conversationId, seq),
      ConsistentRead: true,
    }),
  );
  return Item as MessageItem | undefined;
};

/**
 * The message with this id, newest first: moderators name messages by id, which the log is not keyed by, so the
 * log is read backwards (strongly consistent) until it is found. Reported and redacted messages are usually
 * recent, found in the first page; the worst case reads the whole conversation once. `since` (an ISO time) stops
 * the walk at the first message stamped before it, when the message cannot be older (a claimed clientMessageId's,
 * shared/chat/items/client-message-pointer.ts).
 */
export const findMessageById = async (
  tenant: string,
  conversationId: string,
  id: string,
  options: { since?: string } = {},
) => {
  const { since } = options;
  const pages = queryPages(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :first AND :last',
        // With `since`, the first older message is returned too, to tell where to stop.
        FilterExpression: since === undefined ? 'id = :id' : 'id = :id OR createdAt < :since',
        ExpressionAttributeValues: {
          ':pk': keys.conversationPk(tenant, conversationId),
          ':first': seqSortKey(1),
          ':last': LAST_LOG_KEY,
          ':id': id,
          ...(since !== undefined && { ':since': since }),
        },
        ScanIndexForward: false,
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
  );
  for await (const page of pages) {
    const found = page.Items?.[0] as MessageItem | undefined;
    if (found) return found.id === id ? found : undefined;
  }
  return undefined;
};

/**
 * How many messages in (after, upTo] someone other than `reader` sent: what stays unread for `reader` when they have
 * read up to `after` and the log reaches `upTo`. One strongly consistent Query over that range of the log, reading
 * only the senders.
 */
export const countUnreadBetween = async (
  conversation: { tenant: string; id: string },
  reader: MemberKey,
  after: number,
  upTo: number,
): Promise<number> => {
  if (upTo <= after) return 0;
  const messages = await queryAll<Pick<MessageItem, 'sender'>>(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.conversationPk(conversation.tenant, conversation.id),
          ':from': seqSortKey(after + 1),
          ':to': seqSortKey(upTo),
        },
        ProjectionExpression: 'sender',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
  );
  return messages.filter((m) => m.sender !== reader).length;
};

/**
 * Empties a message for good: text "", `redacted`, the original, the masking note and the attachments removed (the
 * caller deletes their files: storage/delete-files.ts); id, seq, sender and time stay, so the log keeps no gap.
 * Idempotent (redacting again writes the same values); the MODIFY record it
 * causes lets the stream clear the conversation previews that still show it (shared/stream/apply-redaction.ts).
 */
/** What a redaction takes from a message besides its text: the original, the masking note, the attachments. */
export const REDACTION_REMOVES = ['originalText', 'moderation', 'attachments'] as const;

/** A message as a redaction leaves it (in memory: a copy of it kept elsewhere, a report's). */
export const redactedCopy = (message: MessageItem): MessageItem => {
  const copy: MessageItem = { ...message, text: '', redacted: true };
  for (const field of REDACTION_REMOVES) delete copy[field];
  return copy;
};

export const redactMessageItem = async (message: Pick<MessageItem, 'tenant' | 'conversationId' | 'seq'>) => {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: keys.message(message.tenant, message.conversationId, message.seq),
      UpdateExpression: `SET #text = :empty, redacted = :true, redactedAt = if_not_exists(redactedAt, :at) REMOVE ${REDACTION_REMOVES.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#text': 'text' },
      ExpressionAttributeValues: { ':empty': '', ':true': true, ':at': nowIso() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return Attributes as MessageItem;
};
