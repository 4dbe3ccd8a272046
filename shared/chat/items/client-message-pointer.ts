import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { failedConditionItem, isConditionFailed } from '#shared/table/errors';
import { type Key, keys } from '#shared/table/keys';
import type { MessageItem } from './message';

/**
 * `CMID#U#<sender's user>#<clientMessageId>`: which message a sender's client id stands for (de-duplication). A send
 * claims it, put only if absent, before it writes the message: of concurrent sends with one clientMessageId exactly
 * one claims it, and every other finds the message it names (shared/chat/append-message.ts). Keyed by the sending
 * user, not the slot: every agent sends through TEAM#support.
 */
export interface ClientMessagePointerItem extends Key {
  entity: 'client-message-id';
  /** The message's id, drawn by the send that claimed the pointer and kept by whoever stores the message. */
  messageId: string;
  /** The seq the claiming send started from: the message is at the first slot from here that was free for it. */
  fromSeq: number;
  /** Its seq, when the pointer was written with the message (the first message of a new conversation). */
  seq?: number;
  /** When it was claimed, ms since the epoch. */
  claimedAt: number;
  /** The claiming send failed before it knew the message stored: a retry need not wait for it. */
  abandoned?: true;
}

/** Whose pointer: the conversation, the sending user and their clientMessageId. */
export type PointerOwner = Pick<MessageItem, 'tenant' | 'conversationId' | 'senderId'> & { clientMessageId: string };

const pointerKey = (p: PointerOwner) => keys.clientMessageId(p.tenant, p.conversationId, p.senderId, p.clientMessageId);

/** The pointer to a message written in the same transaction (the opening of a conversation). */
export const clientMessagePointerItem = (
  message: Pick<MessageItem, 'tenant' | 'conversationId' | 'senderId' | 'seq' | 'id'> & { clientMessageId: string },
): ClientMessagePointerItem => ({
  ...pointerKey(message),
  entity: 'client-message-id',
  messageId: message.id,
  fromSeq: message.seq,
  seq: message.seq,
  claimedAt: Date.now(),
});

/**
 * Claims a clientMessageId for the message `messageId`, to be stored from `fromSeq` on: `claimed`, or the pointer
 * another send put first. A claim whose first answer was lost and that the SDK sent again finds itself: claimed.
 */
export const claimClientMessageId = async (
  owner: PointerOwner,
  claim: { messageId: string; fromSeq: number },
): Promise<{ claimed: true } | { claimed: false; pointer: ClientMessagePointerItem }> => {
  const item: ClientMessagePointerItem = {
    ...pointerKey(owner),
    entity: 'client-message-id',
    ...claim,
    claimedAt: Date.now(),
  };
  try {
    await db().send(
      new PutCommand({
        TableName: config.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true };
  } catch (error) {
    const pointer = isConditionFailed(error) ? failedConditionItem<ClientMessagePointerItem>(error) : undefined;
    if (!pointer) throw error;
    return pointer.messageId === claim.messageId ? { claimed: true } : { claimed: false, pointer };
  }
};

/**
 * Marks a claim abandoned: its send failed before it knew the message stored, so a retry may store it at once,
 * under the claimed id (which stays one message: append-message.ts). Best effort: when this fails too, a retry
 * waits out the claim's patience instead.
 */
export const abandonClaim = async (owner: PointerOwner, messageId: string) => {
  await db()
    .send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: pointerKey(owner),
        UpdateExpression: 'SET abandoned = :true',
        ConditionExpression: 'messageId = :id',
        ExpressionAttributeValues: { ':true': true, ':id': messageId },
      }),
    )
    .catch(() => undefined);
};

/** The pointer a sender's clientMessageId left in a conversation, if a send claimed it. */
export const getClientMessagePointer = async (
  tenant: string,
  conversationId: string,
  senderId: string,
  clientMessageId: string,
) =>
  (
    await db().send(
      new GetCommand({
        TableName: config.tableName,
        Key: keys.clientMessageId(tenant, conversationId, senderId, clientMessageId),
        ConsistentRead: true,
      }),
    )
  ).Item as ClientMessagePointerItem | undefined;
