import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { randomId } from '#shared/ids';
import type { AttachmentContentType } from '#shared/storage/content-types';
import { db } from '#shared/table/client';
import { getMany } from '#shared/table/get-many';
import { type Key, keys } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import type { HeadItem } from './head';

/** The contract's limits: 1..10 MiB per file, names of 1..200 characters (1..5 per message: input/schemas.ts). */
export const ATTACHMENT_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  fileNameLength: 200,
  /** How long an upload waits to be sent; the bucket's lifecycle deletes unsent uploads after the same day. */
  pendingSeconds: 24 * 60 * 60,
} as const;

/** What a message carries of each attachment (the uploader's declaration, verified when the message was sent). */
export interface AttachmentRef {
  id: string;
  fileName: string;
  contentType: AttachmentContentType;
  size: number;
}

/**
 * `ATTACH#<id>` in the conversation's partition: an attachment its uploader declared when asking for an upload
 * form. Pending until a message claims it (messageId, in the message's own transaction: append-message.ts); a
 * pending one expires through the table's TTL (`expiresAt`, removed by the claim) when its upload does.
 */
export interface AttachmentItem extends Key, AttachmentRef {
  entity: 'attachment';
  tenant: string;
  conversationId: string;
  uploaderId: string;
  createdAt: string;
  /** Epoch seconds (TTL) while pending. */
  expiresAt?: number;
  /** The message that carries it, once sent. */
  messageId?: string;
  messageSeq?: number;
}

/** A new pending attachment of `head`'s conversation, uploaded by `uploaderId`. */
export const attachmentItem = (
  head: HeadItem,
  uploaderId: string,
  declared: Omit<AttachmentRef, 'id'>,
  nowMs = Date.now(),
): AttachmentItem => {
  const id = randomId();
  return {
    ...keys.attachment(head.tenant, head.id, id),
    entity: 'attachment',
    tenant: head.tenant,
    conversationId: head.id,
    id,
    fileName: declared.fileName,
    contentType: declared.contentType,
    size: declared.size,
    uploaderId,
    createdAt: nowIso(),
    expiresAt: Math.floor(nowMs / 1000) + ATTACHMENT_LIMITS.pendingSeconds,
  };
};

export const refOf = (a: AttachmentRef): AttachmentRef => ({
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
});

/** Stores a new pending attachment (its id is fresh: the condition only guards against a collision). */
export const putAttachment = async (item: AttachmentItem) => {
  await db().send(
    new PutCommand({ TableName: config.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
  );
};

/** Attachments of one conversation by id, strongly consistent, in the order asked (undefined where none). */
export const getAttachments = async (tenant: string, conversationId: string, ids: readonly string[]) =>
  (await getMany(
    ids.map((id) => keys.attachment(tenant, conversationId, id)),
    true,
  )) as Array<AttachmentItem | undefined>;

/**
 * The claim of one attachment by the message being written, as a part of that message's transaction: only an
 * attachment of this conversation (the key), uploaded by the sender, pending and unexpired. Of two sends racing
 * for one attachment, exactly one transaction commits; the other is cancelled on this condition.
 */
export const claimAttachment = (
  message: { tenant: string; conversationId: string; id: string; seq: number; senderId: string },
  attachmentId: string,
  nowMs = Date.now(),
) => ({
  Update: {
    TableName: config.tableName,
    Key: keys.attachment(message.tenant, message.conversationId, attachmentId),
    UpdateExpression: 'SET messageId = :message, messageSeq = :seq REMOVE expiresAt',
    ConditionExpression: 'uploaderId = :uploader AND attribute_not_exists(messageId) AND expiresAt > :now',
    ExpressionAttributeValues: {
      ':message': message.id,
      ':seq': message.seq,
      ':uploader': message.senderId,
      ':now': Math.floor(nowMs / 1000),
    },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  },
});
