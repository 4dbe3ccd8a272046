import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { lastMessageOf } from '#shared/chat/views';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { failedConditionItem, isConditionFailed } from '#shared/table/errors';
import { keys, type MemberKey } from '#shared/table/keys';

/**
 * A new message's effect on every member item: last message, activity order, the recipient's unread count
 * (in every copy of it) and un-archiving for the recipient.
 *
 * Exactly once, and strictly in seq order: each update is conditioned on `lastSeq = seq - 1`. Seqs are
 * gap-free, so an item whose lastSeq is already ≥ seq has this message (a re-delivered record changes nothing),
 * and an item whose lastSeq is below seq - 1 still misses an earlier message: the record fails and is retried
 * until that one is applied. Order cannot be left to the stream: it keeps records in order per item only, and
 * `LOG#n` and `LOG#n+1` are different items, which after a partition split can sit in sibling shards that are
 * processed concurrently. Applying n+1 first would skip n's unread increment for good.
 */
export const applyMessage = async (message: MessageItem) => {
  if (message.opensConversation) return; // the opening transaction wrote its effects already
  await Promise.all(message.members.map((slot) => applyToMember(message, slot)));
};

/** A record that must wait: an earlier message of its conversation has not been applied yet. */
export class EarlierMessagePending extends Error {
  override readonly name = 'EarlierMessagePending';
  constructor(message: MessageItem, applied: number) {
    super(`message ${message.seq} of conversation ${message.conversationId} waits for message ${applied + 1}`);
  }
}

const applyToMember = async (message: MessageItem, slot: MemberKey) => {
  // Conversations are 1:1 (a support conversation's second slot is the whole team), so one recipient.
  const recipient = message.members.find((m) => m !== message.sender);
  try {
    await update(message, slot, recipient, true);
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const item = failedConditionItem<MemberItem>(error);
    if (!item) return; // the member item does not exist: nothing to update
    if (item.lastSeq >= message.seq) return; // applied before
    if (item.lastSeq < message.seq - 1) throw new EarlierMessagePending(message, item.lastSeq);
    // The recipient has already read past this message (read via push, before the stream got here).
    try {
      await update(message, slot, recipient, false);
    } catch (again) {
      // Only a concurrent delivery of this same record can have moved lastSeq on since: it is applied.
      if (!isConditionFailed(again)) throw again;
    }
  }
};

const update = (message: MessageItem, slot: MemberKey, recipient: MemberKey | undefined, countUnread: boolean) => {
  const isRecipient = slot === recipient;
  const sets = ['lastSeq = :seq', 'lastMessage = :last', 'updatedAt = :at', 'GSI1SK = :activity'];
  const values: Record<string, unknown> = {
    ':seq': message.seq,
    ':previous': message.seq - 1,
    ':last': lastMessageOf(message),
    ':at': message.createdAt,
    ':activity': keys.inboxSk(message.createdAt, message.conversationId),
  };
  if (isRecipient) {
    sets.push('archived = :false', 'GSI1PK = :inbox');
    Object.assign(values, { ':false': false, ':inbox': keys.inboxPk(message.tenant, slot, false) });
  }
  let condition = 'attribute_exists(PK) AND lastSeq = :previous';
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
