import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { randomId } from '#shared/ids';
import { db } from '#shared/table/client';
import { type Key, keys, type MemberKey } from '#shared/table/keys';
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
});

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
