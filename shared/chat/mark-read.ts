import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/auth/identity';
import type { HeadItem } from '#shared/chat/items/head';
import type { MemberItem } from '#shared/chat/items/member';
import { countUnreadBetween } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { invalidField, TooManyRequests } from '#shared/errors';
import { db } from '#shared/table/client';
import { failedConditionItem, isConditionFailed } from '#shared/table/errors';
import { keys, type MemberKey } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import { requireParticipant } from './access';
import { readHeadAndTip } from './conversation-store';
import { audienceOf, pushConversationRead } from './fan-out';
import type { ParticipantState } from './model';

export interface ReadState {
  unreadCount: number;
  lastReadSeq: number;
  lastReadAt: string | null;
}

const MAX_ATTEMPTS = 20;

/**
 * Marks a conversation read and announces it: POST …/read, the WebSocket markRead action and the dialects that
 * read what they show. Moves the caller's read position forward to `seq` (default: the newest message), then,
 * when it moved, pushes `conversation.read` to the other participants' live connections (the other agents on
 * the team slot included).
 *
 * One conditional UpdateItem on the caller's own member item, the only item whose read state is the caller's to
 * write. The other participants' copies of it (their views show everyone's read state) follow from the stream:
 * this write's record (`receiptDue`) makes the chat consumer copy it into their member items, exactly
 * (shared/stream/apply-read-receipt.ts), so they show it once the stream has caught up, like unread counts.
 *
 * Idempotency: never backwards; reading up to a point already read changes nothing and announces nothing
 * (`changed: false`).
 * Ordering: the update is conditioned on how far the stream has applied messages to the item (`lastSeq`), and the
 * count that stays unread is computed for exactly that point, so a concurrent message is never lost from the count
 * nor counted twice: the stream counts a message for a reader only when its seq is past their read position. The
 * push follows the commit (its connections looked up alongside the write: two round trips) and is done before this
 * returns; a failed push never fails the read.
 */
export const markRead = async (identity: Identity, conversationId: string, seq?: number) => {
  const { head: found, tipSeq } = await readHeadAndTip(identity.tenant, conversationId);
  const { head, slot } = requireParticipant(identity, found);
  if (seq !== undefined && seq > tipSeq)
    throw invalidField('seq', `must not exceed the latest message seq (${tipSeq})`);
  return moveAndAnnounce(identity, head, slot, seq ?? tipSeq);
};

/**
 * markRead for the dialects that read what they show: the caller's member item (found by their own read of the
 * page) names the conversation and the caller's slot in it, and `seq` is a message they were just shown (read or
 * written), so it exists: nothing is read again, the write is the first round trip. The same write, idempotency,
 * ordering and push as markRead.
 */
export const markReadAsShown = (identity: Identity, member: MemberItem, seq: number) =>
  moveAndAnnounce(
    identity,
    { tenant: member.tenant, id: member.conversationId, members: member.conversation.members },
    member.member,
    seq,
  );

/** What marking read needs of a conversation: where it is and who is in it (its header, or a member item's copy). */
type Conversation = Pick<HeadItem, 'tenant' | 'id' | 'members'>;

const moveAndAnnounce = async (identity: Identity, head: Conversation, slot: MemberKey, target: number) => {
  const { state, changed, audience } = await moveReadPosition(head, slot, target);
  if (changed)
    await pushConversationRead({ head, slot, userId: identity.userId, lastReadSeq: state.lastReadSeq }, audience);
  return { state, changed };
};

/** One try at the write: what stays unread, and the state of the item it is right for. */
interface Plan {
  unread: number;
  condition: string;
  values: Record<string, number>;
}

/** The first try: the stream has applied nothing past the target (reading the newest message), so nothing stays unread. */
const NOTHING_PAST_TARGET: Plan = {
  unread: 0,
  condition: 'lastSeq <= :target AND participants.#me.lastReadSeq < :target',
  values: {},
};

const moveReadPosition = async (head: Conversation, slot: MemberKey, target: number) => {
  // The participants' connections are looked up while the read is written (unused when nothing moves).
  const audience = audienceOf(head);
  let plan = NOTHING_PAST_TARGET;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const at = nowIso();
    try {
      await writeReadPosition(head, slot, target, at, plan);
      const state = { unreadCount: plan.unread, lastReadSeq: target, lastReadAt: at };
      return { state, changed: true, audience };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      // The header names the caller's slot, and a member item is created with its header: it exists.
      const own = failedConditionItem<MemberItem>(error);
      if (!own) throw error;
      const current = own.participants[slot] as ParticipantState;
      if (current.lastReadSeq >= target) return { state: readState(current), changed: false, audience };
      const applied = own.lastSeq;
      plan =
        applied <= target
          ? NOTHING_PAST_TARGET
          : {
              // Reading up to an older message than the stream has applied: count what stays unread.
              unread: await countUnreadBetween(head, slot, target, applied),
              condition: 'lastSeq = :applied AND participants.#me.lastReadSeq = :previous',
              values: { ':applied': applied, ':previous': current.lastReadSeq },
            };
    }
  }
  throw new TooManyRequests(1);
};

const readState = (p: ParticipantState): ReadState => ({
  unreadCount: p.unreadCount,
  lastReadSeq: p.lastReadSeq,
  lastReadAt: p.lastReadAt,
});

const writeReadPosition = (head: Conversation, slot: MemberKey, target: number, at: string, plan: Plan) =>
  db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: keys.member(head.tenant, head.id, slot),
      UpdateExpression:
        'SET participants.#me.lastReadSeq = :target, participants.#me.lastReadAt = :at, ' +
        'participants.#me.unreadCount = :unread, unreadCount = :unread, receiptDue = :true' +
        (plan.unread > 0 ? ', GSI2PK = :unreadPk' : ' REMOVE GSI2PK'),
      ConditionExpression: `attribute_exists(PK) AND ${plan.condition}`,
      ExpressionAttributeNames: { '#me': slot },
      ExpressionAttributeValues: {
        ':target': target,
        ':at': at,
        ':unread': plan.unread,
        ':true': true,
        ...plan.values,
        ...(plan.unread > 0 && { ':unreadPk': keys.unreadPk(head.tenant, slot) }),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  );
