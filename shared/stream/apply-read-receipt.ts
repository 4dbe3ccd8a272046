import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberItem } from '#shared/chat/items/member';
import { countUnreadBetween } from '#shared/chat/items/message';
import type { ParticipantState } from '#shared/chat/model';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { failedConditionItem, isConditionFailed } from '#shared/table/errors';
import { keys, type MemberKey } from '#shared/table/keys';

/** Tries of one copy; only messages being applied to the same item at the same time make it take more than two. */
const MAX_ATTEMPTS = 10;

/**
 * A participant's read (shared/chat/mark-read.ts writes it to their own member item only), copied into the other
 * member items, whose views show every participant's read state: read position, when, and unread count.
 *
 * Exactly once in effect, never backwards: each copy is conditioned on the copy being behind
 * (`lastReadSeq < the read's`), so a re-delivered record, or an older read arriving after a newer one, changes
 * nothing. The unread count copied is exact for the item it lands in: that item may have had more or fewer messages
 * applied by the stream than the reader's item had when it was read (`lastSeq`), so the copy is conditioned on the
 * item's `lastSeq` and counts what stays unread up to it: the reader's own count when both had the same messages
 * applied (nearly always), none when nothing past the read position is applied, else the log between them. Messages
 * applied after the copy count only past the copied position (apply-message.ts), so none is counted twice.
 */
export const applyReadReceipt = async (before: MemberItem, after: MemberItem) => {
  const reader = after.member;
  const read = after.participants[reader];
  if (!read || !isNewRead(before, after)) return;
  const others = after.conversation.members.filter((slot) => slot !== reader);
  await Promise.all(others.map((slot) => copyTo(after, read, slot)));
};

/** A write of a member item that moved its owner's read position (a read), as against any other write of it. */
export const isNewRead = (before: MemberItem, after: MemberItem) =>
  (after.participants[after.member]?.lastReadSeq ?? 0) > (before.participants[after.member]?.lastReadSeq ?? 0);

/** What one try writes: the unread count that is right for an item with `applied` messages applied. */
interface Plan {
  applied: number;
  unread: number;
}

const copyTo = async (source: MemberItem, read: ParticipantState, slot: MemberKey) => {
  const reader = source.member;
  let plan: Plan = { applied: source.lastSeq, unread: read.unreadCount };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      await db().send(update(source, read, slot, plan));
      return;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const item = failedConditionItem<MemberItem>(error);
      if (!item) return; // the member item does not exist: nothing to update
      if ((item.participants[reader]?.lastReadSeq ?? 0) >= read.lastReadSeq) return; // this read, or a later one
      const applied = item.lastSeq;
      const unread =
        applied <= read.lastReadSeq
          ? 0
          : applied === source.lastSeq
            ? read.unreadCount
            : await countUnreadBetween(
                { tenant: source.tenant, id: source.conversationId },
                reader,
                read.lastReadSeq,
                applied,
              );
      plan = { applied, unread };
    }
  }
  throw new Error(`member ${slot} of conversation ${source.conversationId}: messages kept arriving during the copy`);
};

const update = (source: MemberItem, read: ParticipantState, slot: MemberKey, plan: Plan) =>
  new UpdateCommand({
    TableName: config.tableName,
    Key: keys.member(source.tenant, source.conversationId, slot),
    UpdateExpression:
      'SET participants.#reader.lastReadSeq = :read, participants.#reader.lastReadAt = :at, ' +
      'participants.#reader.unreadCount = :unread REMOVE receiptDue',
    ConditionExpression: 'attribute_exists(PK) AND lastSeq = :applied AND participants.#reader.lastReadSeq < :read',
    ExpressionAttributeNames: { '#reader': source.member },
    ExpressionAttributeValues: {
      ':read': read.lastReadSeq,
      ':at': read.lastReadAt,
      ':unread': plan.unread,
      ':applied': plan.applied,
    },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
