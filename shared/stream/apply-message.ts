import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { config } from '../config';
import { db } from '../table/client';
import { isConditionFailed } from '../table/errors';
import { keys, type MemberKey } from '../table/keys';
import type { MemberItem, MessageItem } from '../chat/model';
import { lastMessageOf } from '../chat/views';

/**
 * A new message's effect on every member item: last message, activity order, the recipient's unread count
 * (in every copy of it) and un-archiving for the recipient.
 *
 * Exactly-once effect: each update is conditioned on `lastSeq < seq`, so a re-delivered record, or an older
 * record after a newer one, changes nothing. Records of one conversation share a partition key and so arrive
 * in commit order; the stream handler stops at the first failure so a later message is never applied before
 * an earlier one of the same batch.
 */
export const applyMessage = async (message: MessageItem) => {
  if (message.opensConversation) return; // the opening transaction wrote its effects already
  await Promise.all(message.members.map((slot) => applyToMember(message, slot)));
};

const applyToMember = async (message: MessageItem, slot: MemberKey) => {
  // Conversations are 1:1 (a support conversation's second slot is the whole team), so one recipient.
  const recipient = message.members.find((m) => m !== message.sender);
  try {
    await update(message, slot, recipient, true);
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const old = (error as { Item?: Record<string, unknown> }).Item;
    if (!old) return; // the member item does not exist: nothing to update
    const item = unmarshall(old as never) as MemberItem;
    if (item.lastSeq >= message.seq) return; // applied before
    // The recipient has already read past this message (read via push, before the stream got here).
    try {
      await update(message, slot, recipient, false);
    } catch (again) {
      if (!isConditionFailed(again)) throw again;
    }
  }
};

const update = (message: MessageItem, slot: MemberKey, recipient: MemberKey | undefined, countUnread: boolean) => {
  const isRecipient = slot === recipient;
  const sets = ['lastSeq = :seq', 'lastMessage = :last', 'updatedAt = :at', 'GSI1SK = :activity'];
  const values: Record<string, unknown> = {
    ':seq': message.seq,
    ':last': lastMessageOf(message),
    ':at': message.createdAt,
    ':activity': keys.inboxSk(message.createdAt, message.conversationId),
  };
  if (isRecipient) {
    sets.push('archived = :false', 'GSI1PK = :inbox');
    Object.assign(values, { ':false': false, ':inbox': keys.inboxPk(message.tenant, slot, false) });
  }
  let condition = 'attribute_exists(PK) AND lastSeq < :seq';
  const names: Record<string, string> = {};
  if (recipient && countUnread) {
    sets.push('participants.#r.unreadCount = participants.#r.unreadCount + :one');
    condition += ' AND participants.#r.lastReadSeq < :seq';
    names['#r'] = recipient;
    values[':one'] = 1;
    if (isRecipient) {
      sets.push('GSI2PK = :unread');
      values[':unread'] = keys.unreadPk(message.tenant, slot);
    }
  }
  return db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: keys.member(message.tenant, message.conversationId, slot),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition,
      ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  );
};
