import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { isConditionFailed } from '#shared/table/errors';
import { keys, type MemberKey } from '#shared/table/keys';

/**
 * A redaction's effect on the conversation previews: every member item whose `lastMessage` is the redacted
 * message shows it emptied (`text: ""`, `redacted: true`); a preview of any other message stays.
 *
 * Exactly once in effect, and never overtaken: each update is conditioned on the preview being that message, so a
 * redelivery changes nothing new. The record is the MODIFY of the message item itself, which the stream delivers
 * after that item's INSERT; this consumer applies records in order and stops at a failure, so the INSERT's own
 * effect (which set the preview from the original image) is applied first, then emptied here. A later message
 * replaces the preview for good: previews only move to higher seqs.
 */
export const applyRedaction = async (message: MessageItem) => {
  await Promise.all(message.members.map((slot) => emptyPreview(message, slot)));
};

const emptyPreview = async (message: MessageItem, slot: MemberKey) => {
  try {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.member(message.tenant, message.conversationId, slot),
        UpdateExpression: 'SET lastMessage.#text = :empty, lastMessage.redacted = :true',
        ConditionExpression: 'attribute_exists(PK) AND lastMessage.id = :id',
        ExpressionAttributeNames: { '#text': 'text' },
        ExpressionAttributeValues: { ':empty': '', ':true': true, ':id': message.id },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
};
