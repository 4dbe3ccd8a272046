import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys, SUPPORT_TEAM } from '#shared/table/keys';
import { queryAll } from '#shared/table/query';

/**
 * A conversation in which an agent wrote through the support team's slot (`T#<t>#AUTHOR#<agentId> / CONV#<id>`).
 * An agent's own inbox does not hold those conversations (the team's does, shared by every agent), so this is
 * how an erasure or an export of the agent finds the messages they wrote there.
 */
export interface TeamAuthorshipItem extends Key {
  entity: 'team-authorship';
  conversationId: string;
}

/**
 * Written by the stream's side-effect consumer for each message sent through the team slot. Idempotent: the same
 * item again, so a redelivered record changes nothing.
 */
export const recordTeamAuthorship = async (message: MessageItem) => {
  if (message.sender !== SUPPORT_TEAM) return;
  const item: TeamAuthorshipItem = {
    ...keys.teamAuthorship(message.tenant, message.senderId, message.conversationId),
    entity: 'team-authorship',
    conversationId: message.conversationId,
  };
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
};

/** The first conversation the agent wrote in through the team slot after `after` (in id order), if any. */
export const nextTeamAuthorship = async (tenant: string, userId: string, after?: Record<string, string>) => {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.teamAuthorshipPk(tenant, userId) },
      Limit: 1,
      ...(after && { ExclusiveStartKey: after }),
    }),
  );
  return Items[0] as TeamAuthorshipItem | undefined;
};

/** Every conversation the agent wrote in through the team slot. */
export const teamAuthorships = (tenant: string, userId: string) =>
  queryAll<TeamAuthorshipItem>(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.teamAuthorshipPk(tenant, userId) },
        ExclusiveStartKey,
      }),
  );
