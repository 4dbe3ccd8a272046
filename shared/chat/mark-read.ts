import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/auth/identity';
import { backoff } from '#shared/backoff';
import type { HeadItem } from '#shared/chat/items/head';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { invalidField, TooManyRequests } from '#shared/errors';
import { db } from '#shared/table/client';
import { cancellationReasons, cancelledItem, isTransactionConflict } from '#shared/table/errors';
import { keys, type MemberKey, seqSortKey } from '#shared/table/keys';
import { queryAll } from '#shared/table/query';
import { nowIso } from '#shared/time';
import { requireParticipant } from './access';
import { readHeadAndTip } from './conversation-store';
import { pushConversationRead } from './fan-out';
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
 * Idempotency: never backwards; reading up to a point already read changes nothing and announces nothing
 * (`changed: false`).
 * Ordering: every member item carries every participant's read state, so all are updated in one transaction,
 * conditioned on the stream having applied the same messages to each (`lastSeq`), which keeps the stored unread
 * count exact under concurrent sends. The push follows the commit and is done before this returns; a failed push
 * never fails the read.
 */
export const markRead = async (identity: Identity, conversationId: string, seq?: number) => {
  const { state, changed, head, slot } = await moveReadPosition(identity, conversationId, seq);
  if (changed) await pushConversationRead({ head, slot, userId: identity.userId, lastReadSeq: state.lastReadSeq });
  return { state, changed };
};

const moveReadPosition = async (identity: Identity, conversationId: string, seq?: number) => {
  const { head: found, tipSeq } = await readHeadAndTip(identity.tenant, conversationId);
  const { head, slot } = requireParticipant(identity, found);
  if (seq !== undefined && seq > tipSeq)
    throw invalidField('seq', `must not exceed the latest message seq (${tipSeq})`);
  const target = seq ?? tipSeq;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const at = nowIso();
    try {
      await writeReadPosition(
        head,
        slot,
        target,
        0,
        at,
        'lastSeq <= :target AND participants.#me.lastReadSeq < :target',
      );
      return { state: { unreadCount: 0, lastReadSeq: target, lastReadAt: at }, changed: true, head, slot };
    } catch (error) {
      if (cancellationReasons(error) === undefined) throw error;
      const own = isTransactionConflict(error) ? undefined : ownItemOnFailure(error, head, slot);
      if (!own) {
        await backoff(attempt);
        continue;
      }
      const current = own.participants[slot] as ParticipantState;
      if (current.lastReadSeq >= target) return { state: readState(current), changed: false, head, slot };
      if (own.lastSeq > target) {
        // Reading up to an older message than the stream has applied: count what stays unread.
        const unread = await unreadAfter(head, slot, target, own.lastSeq);
        try {
          await writeReadPosition(
            head,
            slot,
            target,
            unread,
            at,
            'lastSeq = :applied AND participants.#me.lastReadSeq = :previous',
            { ':applied': own.lastSeq, ':previous': current.lastReadSeq },
          );
          return { state: { unreadCount: unread, lastReadSeq: target, lastReadAt: at }, changed: true, head, slot };
        } catch (retryable) {
          if (cancellationReasons(retryable) === undefined) throw retryable;
        }
      }
    }
  }
  throw new TooManyRequests(1);
};

const readState = (p: ParticipantState): ReadState => ({
  unreadCount: p.unreadCount,
  lastReadSeq: p.lastReadSeq,
  lastReadAt: p.lastReadAt,
});

const writeReadPosition = (
  head: HeadItem,
  slot: MemberKey,
  target: number,
  unread: number,
  at: string,
  condition: string,
  extraValues: Record<string, number> = {},
) =>
  db().send(
    new TransactWriteCommand({
      TransactItems: head.members.map((member) => ({
        Update: {
          TableName: config.tableName,
          Key: keys.member(head.tenant, head.id, member),
          UpdateExpression:
            'SET participants.#me.lastReadSeq = :target, participants.#me.lastReadAt = :at, participants.#me.unreadCount = :unread' +
            (member !== slot ? '' : unread > 0 ? ', GSI2PK = :unreadPk' : ' REMOVE GSI2PK'),
          ConditionExpression: `attribute_exists(PK) AND ${condition}`,
          ExpressionAttributeNames: { '#me': slot },
          ExpressionAttributeValues: {
            ':target': target,
            ':at': at,
            ':unread': unread,
            ...extraValues,
            ...(member === slot && unread > 0 && { ':unreadPk': keys.unreadPk(head.tenant, slot) }),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      })),
    }),
  );

const ownItemOnFailure = (error: unknown, head: HeadItem, slot: MemberKey): MemberItem | undefined => {
  // Undefined when our own item passed: another member item is behind (the stream is mid-way); the caller retries.
  return cancelledItem<MemberItem>(cancellationReasons(error)?.[head.members.indexOf(slot)]);
};

/** Messages from others in (after, upTo]: what stays unread when reading only up to `after`. */
const unreadAfter = async (head: HeadItem, slot: MemberKey, after: number, upTo: number): Promise<number> => {
  const messages = await queryAll<Pick<MessageItem, 'sender'>>(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.conversationPk(head.tenant, head.id),
          ':from': seqSortKey(after + 1),
          ':to': seqSortKey(upTo),
        },
        ProjectionExpression: 'sender',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
  );
  return messages.filter((m) => m.sender !== slot).length;
};
