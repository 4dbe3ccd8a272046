import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callerSlots } from '#shared/auth/caller-slots';
import type { Identity } from '#shared/auth/identity';
import { config } from '#shared/config';
import { NotFound } from '#shared/errors';
import { db } from '#shared/table/client';
import { keys, LOG_PREFIX, type MemberKey } from '#shared/table/keys';
import type { HeadItem, MemberItem, MessageItem } from './model';

/** The header and the newest message, in one strongly consistent Query (the header sorts right after the tip). */
export const readHeadAndTip = async (tenant: string, conversationId: string) => {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :log)',
      ExpressionAttributeValues: { ':pk': keys.conversationPk(tenant, conversationId), ':log': LOG_PREFIX },
      ScanIndexForward: false,
      Limit: 2,
      ConsistentRead: true,
    }),
  );
  const head = Items[0]?.entity === 'conversation' ? (Items[0] as HeadItem) : undefined;
  const tip = Items[1] as MessageItem | undefined;
  return { head, tipSeq: tip?.seq ?? 0 };
};

/**
 * The conversation header alone. Strongly consistent like every other read of it, so a conversation opened a
 * moment ago never looks missing (a 404 to its own participants).
 */
export const readHead = async (tenant: string, conversationId: string) => {
  const { Item } = await db().send(
    new GetCommand({ TableName: config.tableName, Key: keys.head(tenant, conversationId), ConsistentRead: true }),
  );
  return Item as HeadItem | undefined;
};

export const readMember = async (tenant: string, conversationId: string, slot: MemberKey, consistent = false) => {
  const { Item } = await db().send(
    new GetCommand({
      TableName: config.tableName,
      Key: keys.member(tenant, conversationId, slot),
      ConsistentRead: consistent,
    }),
  );
  return Item as MemberItem | undefined;
};

/** The caller's own view of a conversation (agents: the support team's, else their own), or 404. */
export const readCallerMember = async (identity: Identity, conversationId: string): Promise<MemberItem> => {
  for (const slot of callerSlots(identity)) {
    const member = await readMember(identity.tenant, conversationId, slot);
    if (member) return member;
  }
  throw new NotFound();
};

export const readMessage = async (tenant: string, conversationId: string, seq: number) => {
  const { Item } = await db().send(
    new GetCommand({
      TableName: config.tableName,
      Key: keys.message(tenant, conversationId, seq),
      ConsistentRead: true,
    }),
  );
  return Item as MessageItem | undefined;
};
