import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { failedConditionItem, isConditionFailed } from '#shared/table/errors';
import { type Key, keys } from '#shared/table/keys';
import { findMessageById, getMessage, type MessageItem } from './message';

/**
 * `CMID#U#<sender's user>#<clientMessageId>`: which message a sender's client id stands for (de-duplication). Keyed
 * by the sending user, not the slot: every agent sends through TEAM#support. Two shapes:
 * - written with the message in one transaction (a message an opening stores, new conversation or not): `seq`;
 * - claimed by a send before it stores the message (shared/chat/send-message.ts): `messageId`, the id that send drew,
 *   and `claimedAt`; the message is at a seq the claim does not know, stamped no earlier than the claim.
 */
export interface ClientMessagePointerItem extends Key {
  entity: 'client-message-id';
  seq?: number;
  messageId?: string;
  /** When it was claimed, ms since the epoch (by the clock that then stamps the message). */
  claimedAt?: number;
  /** What the claiming send asked for (append-message.ts contentKey): a reuse with other content is told at once. */
  content?: string;
  /** When a retry took the claim over to store its message (claimedRetry): from then on it is never given back. */
  takenOverAt?: number;
}

/** Whose pointer: the conversation, the sending user and their clientMessageId. */
export type PointerOwner = Pick<MessageItem, 'tenant' | 'conversationId' | 'senderId'> & { clientMessageId: string };

/** A sender's pointer in a conversation. */
export const pointerOwner = (
  sender: { tenant: string; userId: string },
  conversationId: string,
  clientMessageId: string,
): PointerOwner => ({ tenant: sender.tenant, conversationId, senderId: sender.userId, clientMessageId });

const pointerKey = (p: PointerOwner) => keys.clientMessageId(p.tenant, p.conversationId, p.senderId, p.clientMessageId);

/**
 * How far a message's stamp may lag its claim's, across the clocks of the writers of one conversation's log
 * (Lambda clocks are NTP-synced to milliseconds): a search for a claimed message stops at messages older than this.
 */
const CLOCK_SKEW_MS = 60_000;

/**
 * How long a retry waits for the send that claimed its clientMessageId to store the message before it stores it
 * itself (shared/chat/client-message-claims.ts claimedRetry): a claim is followed by the message within milliseconds,
 * unless its send died in between.
 */
export const CLAIM_PATIENCE_MS = 3_000;

/** The pointer to a message written in the same transaction (a message an opening stores). */
export const clientMessagePointerItem = (
  message: Pick<MessageItem, 'tenant' | 'conversationId' | 'senderId' | 'seq'> & { clientMessageId: string },
): ClientMessagePointerItem => ({ ...pointerKey(message), entity: 'client-message-id', seq: message.seq });

/**
 * The condition of the pointer written with the first message of a new conversation: only over nothing, or over a
 * claim older than CLAIM_PATIENCE_MS. A send to the conversation may have claimed the same clientMessageId just
 * before (the conversation's id is deterministic): overwritten, that send, reading the conversation a moment later,
 * would find it and store its message a second time; kept, the opening is cancelled and tries again, while the send
 * finds no conversation (404) and gives its claim back. A claim that old on a conversation that does not exist was
 * left by a send that died before giving it back (it read no conversation, so it stores nothing).
 */
export const overDeadClaim = () => ({
  ConditionExpression: 'attribute_not_exists(PK) OR claimedAt < :stale',
  ExpressionAttributeValues: { ':stale': Date.now() - CLAIM_PATIENCE_MS },
});

/**
 * Claims a clientMessageId for the message `messageId` (put only if absent): `claimed`, or the pointer another send
 * put first. A claim whose first answer was lost and that the SDK sent again finds itself: claimed.
 */
export const claimClientMessageId = async (
  owner: PointerOwner,
  claim: Required<Pick<ClientMessagePointerItem, 'messageId' | 'claimedAt' | 'content'>>,
): Promise<{ claimed: true } | { claimed: false; pointer: ClientMessagePointerItem }> => {
  const { messageId } = claim;
  try {
    await db().send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...pointerKey(owner), entity: 'client-message-id', ...claim },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true };
  } catch (error) {
    const pointer = isConditionFailed(error) ? failedConditionItem<ClientMessagePointerItem>(error) : undefined;
    if (!pointer) throw error;
    return pointer.messageId === messageId ? { claimed: true } : { claimed: false, pointer };
  }
};

/**
 * Gives a claim back: its send was refused before it wrote anything (429, 403, 404, 422), so the clientMessageId
 * stands for nothing and the client's next try claims it afresh. Only our own claim is deleted, and only while no
 * retry took it over (takeOverClaim): that retry may have stored the message under it already.
 */
export const releaseClaim = async (owner: PointerOwner, messageId: string) => {
  await db().send(
    new DeleteCommand({
      TableName: config.tableName,
      Key: pointerKey(owner),
      ConditionExpression: 'messageId = :id AND attribute_not_exists(takenOverAt)',
      ExpressionAttributeValues: { ':id': messageId },
    }),
  );
};

/**
 * Marks a claim taken over by a retry that is about to store its message (claimedRetry), so that the claiming send,
 * should it be refused late, can no longer give it back from under that message. False when the claim is gone or
 * another send's: it was given back meanwhile.
 */
export const takeOverClaim = async (owner: PointerOwner, messageId: string) => {
  try {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: pointerKey(owner),
        UpdateExpression: 'SET takenOverAt = if_not_exists(takenOverAt, :now)',
        ConditionExpression: 'messageId = :id',
        ExpressionAttributeValues: { ':id': messageId, ':now': Date.now() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
};

/** The pointer a sender's clientMessageId left in a conversation, if a send stored or claimed it. */
export const getClientMessagePointer = async (owner: PointerOwner) =>
  (
    await db().send(
      new GetCommand({
        TableName: config.tableName,
        Key: pointerKey(owner),
        ConsistentRead: true,
      }),
    )
  ).Item as ClientMessagePointerItem | undefined;

/**
 * The message a pointer names, if stored: `tip`, the newest message as the caller read it, is the one a prompt retry
 * names, saving a read. A claim's message is looked for from the newest back to its claim's time.
 */
export const pointedMessage = async (
  pointer: Pick<ClientMessagePointerItem, 'seq' | 'messageId' | 'claimedAt'>,
  owner: Pick<PointerOwner, 'tenant' | 'conversationId'>,
  tip?: MessageItem,
): Promise<MessageItem | undefined> => {
  if (pointer.seq !== undefined)
    return tip?.seq === pointer.seq ? tip : getMessage(owner.tenant, owner.conversationId, pointer.seq);
  if (tip !== undefined && tip.id === pointer.messageId) return tip;
  const since = new Date((pointer.claimedAt ?? 0) - CLOCK_SKEW_MS).toISOString();
  return findMessageById(owner.tenant, owner.conversationId, pointer.messageId!, { since });
};
