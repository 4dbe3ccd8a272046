import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { claimNextCounterValue, nextCounterValue, readCounter } from '#shared/table/counter';
import { type Key, keys } from '#shared/table/keys';

/**
 * Conversation numbers, the numeric alias of a conversation for clients that type ids as integers: the tenant's
 * counter (`T#<t>#COUNTER / CONVERSATION_NUMBER`) and one alias item per number (`T#<t>#CONVNO#<n> / ALIAS`).
 */

/** `T#<t>#CONVNO#<n>`: resolves a conversation number to the conversation. */
export interface ConversationNumberItem extends Key {
  entity: 'conversation-number';
  tenant: string;
  number: number;
  conversationId: string;
}

/**
 * The next number of the tenant's conversation counter (1, 2, 3, …). An atomic ADD: concurrent callers never
 * get the same number. Not idempotent by design: a retried or lost create attempt only leaves a gap.
 */
export const nextConversationNumber = (tenant: string): Promise<number> =>
  nextCounterValue(keys.conversationCounter(tenant));

/** The tenant's conversation counter as it stands: an opening reads it in its first round trip. */
export const readConversationCounter = (tenant: string): Promise<number> =>
  readCounter(keys.conversationCounter(tenant));

/**
 * The number after `seen` (the counter as read), taken inside the transaction that creates the conversation
 * (claimNextCounterValue): no round trip of its own. A create that loses it to another takes one with
 * nextConversationNumber.
 */
export const claimConversationNumber = (tenant: string, seen: number) =>
  claimNextCounterValue(keys.conversationCounter(tenant), seen);

export const conversationNumberItem = (
  tenant: string,
  number: number,
  conversationId: string,
): ConversationNumberItem => ({
  ...keys.conversationNumber(tenant, number),
  entity: 'conversation-number',
  tenant,
  number,
  conversationId,
});

/** The conversation a number names in this tenant, if any. Says nothing about access: callers check participation. */
export const conversationIdByNumber = async (tenant: string, number: number): Promise<string | undefined> => {
  const { Item } = await db().send(
    new GetCommand({ TableName: config.tableName, Key: keys.conversationNumber(tenant, number) }),
  );
  return (Item as ConversationNumberItem | undefined)?.conversationId;
};
