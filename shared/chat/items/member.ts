import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#shared/auth/identity';
import type { ConversationSnapshot, LastMessage, ParticipantState } from '#shared/chat/model';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { isConditionFailed } from '#shared/table/errors';
import { type Key, keys, type MemberKey } from '#shared/table/keys';
import { ERASED_SELLER_NAME } from './head';

/**
 * One participant's complete view of a conversation: a list page is one Query of these.
 *
 * Its owner's read state is written by the owner (mark read, on this item only); the other participants' read
 * states are copies the stream keeps (apply-read-receipt.ts). Every participant's unread count is kept in every
 * copy by the stream's message effects (apply-message.ts).
 */
export interface MemberItem extends Key {
  entity: 'member';
  tenant: string;
  conversationId: string;
  member: MemberKey;
  email?: string;
  /**
   * User id → tenant user number (shared/catalog/user-number.ts) of users this conversation's integer-id dialects
   * have shown, so a list page of them needs no read of the numbers. Written only by those dialects (absent until
   * then; it may lack someone, never holds a wrong number: numbers never change).
   */
  userNumbers?: Record<string, number>;
  archived: boolean;
  /** Highest message seq applied to this item by the stream processor (or the opening transaction). */
  lastSeq: number;
  lastMessage: LastMessage | null;
  updatedAt: string;
  conversation: ConversationSnapshot;
  participants: Record<string, ParticipantState>;
  /**
   * The owner's unread count, the same number as `participants[member].unreadCount`, at the top level because the
   * unread index projects only this (shared/table/definition.ts): changing anyone else's state writes no index.
   */
  unreadCount: number;
  /**
   * Set by the owner's read (shared/chat/mark-read.ts), removed by the stream's next write of the item: the chat
   * consumer's stream filter takes a member item's MODIFY only with it, to copy the read into the other member items
   * (shared/stream/apply-read-receipt.ts), and none of the stream's own updates of member items.
   */
  receiptDue?: true;
  GSI1PK: string;
  GSI1SK: string;
  GSI2PK?: string;
}

/** A participant who has just joined: nothing read yet. */
export const joinedParticipant = (
  party: { userId: string; role: Role; name?: string },
  unreadCount: number,
): ParticipantState => ({
  userId: party.userId,
  role: party.role,
  ...(party.name !== undefined && { name: party.name }),
  unreadCount,
  lastReadSeq: 0,
  lastReadAt: null,
});

/**
 * A member item of a conversation just opened: in its owner's active inbox at the conversation's creation time,
 * and in the unread index when its owner has something unread.
 */
export const newMemberItem = (
  tenant: string,
  snapshot: ConversationSnapshot,
  owner: { slot: MemberKey; email?: string },
  state: { participants: Record<string, ParticipantState>; lastSeq: number; lastMessage: LastMessage | null },
): MemberItem => {
  const unreadCount = state.participants[owner.slot]?.unreadCount ?? 0;
  return {
    ...keys.member(tenant, snapshot.id, owner.slot),
    entity: 'member',
    tenant,
    conversationId: snapshot.id,
    member: owner.slot,
    ...(owner.email !== undefined && { email: owner.email }),
    archived: false,
    lastSeq: state.lastSeq,
    lastMessage: state.lastMessage,
    updatedAt: snapshot.createdAt,
    conversation: snapshot,
    participants: state.participants,
    unreadCount,
    GSI1PK: keys.inboxPk(tenant, owner.slot, false),
    GSI1SK: keys.inboxSk(snapshot.createdAt, snapshot.id),
    ...(unreadCount > 0 && { GSI2PK: keys.unreadPk(tenant, owner.slot) }),
  };
};

export const getMember = async (tenant: string, conversationId: string, slot: MemberKey, consistent = false) => {
  const { Item } = await db().send(
    new GetCommand({
      TableName: config.tableName,
      Key: keys.member(tenant, conversationId, slot),
      ConsistentRead: consistent,
    }),
  );
  return Item as MemberItem | undefined;
};

/**
 * Forgets a participant's name in one member item, their address when it is their own item, and, when they are
 * the conversation's seller, the seller's shop name and logo in its copy of the conversation (an erasure).
 * Idempotent; a member item that does not exist is left alone.
 */
export const eraseFromMember = async (
  item: { tenant: string; conversationId: string; member: MemberKey },
  erased: { slot: MemberKey; asSeller: boolean },
) => {
  const own = item.member === erased.slot;
  const removes = [
    'participants.#slot.#name',
    ...(own ? ['email'] : []),
    ...(erased.asSeller ? ['#conversation.#seller.logoUrl'] : []),
  ];
  try {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.member(item.tenant, item.conversationId, item.member),
        UpdateExpression: `${erased.asSeller ? 'SET #conversation.#seller.shopName = :erased ' : ''}REMOVE ${removes.join(', ')}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: {
          '#slot': erased.slot,
          '#name': 'name',
          ...(erased.asSeller && { '#conversation': 'conversation', '#seller': 'seller' }),
        },
        ...(erased.asSeller && { ExpressionAttributeValues: { ':erased': ERASED_SELLER_NAME } }),
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
};

/**
 * Records user numbers on a member item (its `userNumbers`, replaced by `numbers`: the item's own ones and more), as
 * a transaction item or on its own (recordUserNumbers). Only on an item that exists. Numbers never change, so
 * concurrent writers write the same values; one that drops another's extra entry only costs a later read.
 */
export const userNumbersUpdate = (
  item: Pick<MemberItem, 'tenant' | 'conversationId' | 'member'>,
  numbers: Record<string, number>,
) => ({
  TableName: config.tableName,
  Key: keys.member(item.tenant, item.conversationId, item.member),
  // Not a read: like the stream's own updates, it leaves the chat consumer's filter (receiptDue) out of its record.
  UpdateExpression: 'SET userNumbers = :numbers REMOVE receiptDue',
  ConditionExpression: 'attribute_exists(PK)',
  ExpressionAttributeValues: { ':numbers': numbers },
});

export const recordUserNumbers = async (
  item: Pick<MemberItem, 'tenant' | 'conversationId' | 'member'>,
  numbers: Record<string, number>,
) => {
  try {
    await db().send(new UpdateCommand(userNumbersUpdate(item, numbers)));
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
};
