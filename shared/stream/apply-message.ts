import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { lastMessageOf } from '#shared/chat/views';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { failedConditionItem, isConditionFailed } from '#shared/table/errors';
import { keys, type MemberKey } from '#shared/table/keys';

/** Tries of one member item's update; only concurrent reads moving a read position make it take more than two. */
const MAX_ATTEMPTS = 10;

/**
 * The effect of new messages on every member item: last message, activity order, each participant's unread count
 * (in every copy of it) and un-archiving for the recipient. `run` is one or more messages of one conversation
 * with consecutive seqs, in seq order (chat-effects.ts gathers a batch's into runs): each member item takes the
 * whole run in one UpdateItem (a burst of n messages costs one write per member item, not n).
 *
 * Exactly once, and strictly in seq order: each update is conditioned on `lastSeq`, the last message applied to
 * the item. Seqs are gap-free, so an item whose lastSeq is already ≥ the run's last seq has it all (a re-delivered
 * record changes nothing), an item part-way through the run takes only the messages past its lastSeq, and an item
 * whose lastSeq is below the run's first seq - 1 still misses an earlier message: the record fails and is retried
 * until that one is applied. Order cannot be left to the stream: it keeps records in order per item only, and
 * `LOG#n` and `LOG#n+1` are different items, which after a partition split can sit in sibling shards that are
 * processed concurrently. Applying n+1 first would skip n's unread increment for good.
 * A message counts as unread for its recipient only past the recipient's read position in that item (a reader may
 * have read it through a push before the stream got here); the update is conditioned on the read positions it
 * counted against, so a concurrent read never makes it count a message twice or not at all.
 */
export const applyMessages = async (run: MessageItem[]) => {
  // The first message of a conversation: the opening transaction wrote its effects already.
  const messages = run.filter((m) => !m.opensConversation);
  const first = messages[0];
  if (!first) return;
  await Promise.all(first.members.map((slot) => applyToMember(messages, slot)));
};

/** A record that must wait: an earlier message of its conversation has not been applied yet. */
export class EarlierMessagePending extends Error {
  override readonly name = 'EarlierMessagePending';
  constructor(message: MessageItem, applied: number) {
    super(`message ${message.seq} of conversation ${message.conversationId} waits for message ${applied + 1}`);
  }
}

/**
 * What one try writes: the messages still to apply, and the read positions they were counted against (undefined:
 * assumed to be before each recipient's first message of the run, which is what nearly always holds).
 */
interface Plan {
  messages: MessageItem[];
  readPositions?: Partial<Record<MemberKey, number>>;
}

const applyToMember = async (run: MessageItem[], slot: MemberKey) => {
  let plan: Plan = { messages: run };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      await db().send(update(plan, slot));
      return;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const item = failedConditionItem<MemberItem>(error);
      if (!item) return; // the member item does not exist: nothing to update
      const pending = run.filter((m) => m.seq > item.lastSeq);
      const next = pending[0];
      if (!next) return; // applied before
      if (next.seq > item.lastSeq + 1) throw new EarlierMessagePending(next, item.lastSeq);
      const readPositions = Object.fromEntries(
        Object.entries(item.participants).map(([member, state]) => [member, state.lastReadSeq]),
      );
      plan = { messages: pending, readPositions };
    }
  }
  throw new Error(`member ${slot} of conversation ${run[0]?.conversationId}: its read positions kept moving`);
};

/** Conversations are 1:1 (a support conversation's second slot is the whole team), so one recipient. */
const recipientOf = (m: MessageItem) => m.members.find((member) => member !== m.sender);

const update = ({ messages, readPositions }: Plan, slot: MemberKey) => {
  const first = messages[0]!;
  const last = messages[messages.length - 1]!;
  const sets = ['lastSeq = :seq', 'lastMessage = :last', 'updatedAt = :at', 'GSI1SK = :activity'];
  const conditions = ['attribute_exists(PK)', 'lastSeq = :previous'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':seq': last.seq,
    ':previous': first.seq - 1,
    ':last': lastMessageOf(last),
    ':at': last.createdAt,
    ':activity': keys.inboxSk(last.createdAt, last.conversationId),
  };
  const recipients = [...new Set(messages.map(recipientOf))].filter((r): r is MemberKey => r !== undefined);
  if (recipients.includes(slot)) {
    sets.push('archived = :false', 'GSI1PK = :inbox');
    Object.assign(values, { ':false': false, ':inbox': keys.inboxPk(last.tenant, slot, false) });
  }
  for (const [i, recipient] of recipients.entries()) {
    const theirs = messages.filter((m) => recipientOf(m) === recipient);
    const readUpTo = readPositions?.[recipient];
    names[`#r${i}`] = recipient;
    if (readUpTo === undefined) {
      conditions.push(`participants.#r${i}.lastReadSeq < :firstTo${i}`);
      values[`:firstTo${i}`] = theirs[0]!.seq;
    } else {
      conditions.push(`participants.#r${i}.lastReadSeq = :read${i}`);
      values[`:read${i}`] = readUpTo;
    }
    const unread = theirs.filter((m) => readUpTo === undefined || m.seq > readUpTo).length;
    if (unread === 0) continue;
    sets.push(`participants.#r${i}.unreadCount = participants.#r${i}.unreadCount + :unread${i}`);
    values[`:unread${i}`] = unread;
    if (recipient === slot) {
      // A member item written before the top-level count existed starts from its participant entry's.
      sets.push(
        `unreadCount = if_not_exists(unreadCount, participants.#r${i}.unreadCount) + :unread${i}`,
        'GSI2PK = :unreadPk',
      );
      values[':unreadPk'] = keys.unreadPk(last.tenant, slot);
    }
  }
  return new UpdateCommand({
    TableName: config.tableName,
    Key: keys.member(last.tenant, last.conversationId, slot),
    // Not a read: the stream's filter leaves this update's record out (member.ts receiptDue).
    UpdateExpression: `SET ${sets.join(', ')} REMOVE receiptDue`,
    ConditionExpression: conditions.join(' AND '),
    ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
};
