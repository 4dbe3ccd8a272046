import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConversationSnapshot } from '#shared/chat/model';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { isConditionFailed } from '#shared/table/errors';
import { type Key, keys, type MemberKey } from '#shared/table/keys';

/** The conversation header (`LOG#HEAD`): authorization for the log, and the record that announces a new conversation. */
export interface HeadItem extends Key, ConversationSnapshot {
  entity: 'conversation';
  tenant: string;
  /** Notification addresses known at creation, by member (seller directory, token or guest email). */
  emails: Partial<Record<MemberKey, string>>;
  names: Partial<Record<MemberKey, string>>;
  /**
   * The participant slots that have blocked the conversation (a string set; absent when none): every send reads
   * the header, so the block check costs no extra read (shared/policy/screen-message.ts).
   */
  blockedBy?: Set<MemberKey>;
}

/** A new conversation's header, with the names and addresses its parties are known by. */
export const headItem = (
  tenant: string,
  snapshot: ConversationSnapshot,
  parties: ReadonlyArray<{ slot: MemberKey; name?: string; email?: string }>,
): HeadItem => ({
  ...keys.head(tenant, snapshot.id),
  ...snapshot,
  entity: 'conversation',
  tenant,
  emails: Object.fromEntries(parties.filter((p) => p.email).map((p) => [p.slot, p.email])),
  names: Object.fromEntries(parties.filter((p) => p.name).map((p) => [p.slot, p.name])),
});

/** A ConditionCheck, for a transaction, that no conversation has this id (its header is absent). */
export const noConversationAt = (tenant: string, conversationId: string) => ({
  ConditionCheck: {
    TableName: config.tableName,
    Key: keys.head(tenant, conversationId),
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

export const isHead = (item: { entity?: unknown } | undefined): item is HeadItem => item?.entity === 'conversation';

/**
 * The conversation header alone. Strongly consistent like every other read of it, so a conversation opened a
 * moment ago never looks missing (a 404 to its own participants).
 */
export const getHead = async (tenant: string, conversationId: string) => {
  const { Item } = await db().send(
    new GetCommand({ TableName: config.tableName, Key: keys.head(tenant, conversationId), ConsistentRead: true }),
  );
  return Item as HeadItem | undefined;
};

/**
 * Adds or removes `slot` in the header's `blockedBy` set. Idempotent (a set holds a slot once; removing an absent
 * one is a no-op); blocks by the two participants are independent, so concurrent calls never undo each other.
 */
export const setBlocked = async (tenant: string, conversationId: string, slot: MemberKey, blocked: boolean) => {
  await db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: keys.head(tenant, conversationId),
      UpdateExpression: `${blocked ? 'ADD' : 'DELETE'} blockedBy :slot`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':slot': new Set([slot]) },
    }),
  );
};

/** What an erased seller is called where the conversation names its seller (a shop name is required there). */
export const ERASED_SELLER_NAME = 'Deleted seller';

/**
 * Forgets a participant's name and address in the header (an erasure); when they are the conversation's seller,
 * also the seller's shop name and logo. Idempotent.
 */
export const eraseFromHead = async (tenant: string, conversationId: string, slot: MemberKey, asSeller: boolean) => {
  await db()
    .send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.head(tenant, conversationId),
        UpdateExpression: `${asSeller ? 'SET #seller.shopName = :erased ' : ''}REMOVE #names.#slot, #emails.#slot${asSeller ? ', #seller.logoUrl' : ''}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: {
          '#slot': slot,
          '#names': 'names',
          '#emails': 'emails',
          ...(asSeller && { '#seller': 'seller' }),
        },
        ...(asSeller && { ExpressionAttributeValues: { ':erased': ERASED_SELLER_NAME } }),
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailed(error)) throw error;
    });
};
