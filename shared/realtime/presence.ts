import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { type AgentStatusItem, agentStatusItem } from '#shared/realtime/items/agent-status';
import type { ConnectionItem } from '#shared/realtime/items/connection';
import { db } from '#shared/table/client';
import { keys, SUPPORT_TEAM } from '#shared/table/keys';
import { queryAll } from '#shared/table/query';
import { nowIso } from '#shared/time';
import { type AgentStatus, isRecentlyActive } from './model';

/** PUT /v1/agents/me/status. A plain put: idempotent, the last write wins. */
export const setAgentStatus = async (tenant: string, userId: string, status: AgentStatus) => {
  const item = agentStatusItem(tenant, userId, status, nowIso());
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
  return { status };
};

/**
 * Agents online in a tenant: one Query of the support team's connection partition, which holds every agent
 * connection of the tenant and every agent's online/away choice side by side.
 */
export const supportAvailability = async (tenant: string, nowMs = Date.now()) => {
  const items = await queryAll<ConnectionItem | AgentStatusItem>(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.slotConnectionsPk(tenant, SUPPORT_TEAM) },
        ExclusiveStartKey,
      }),
  );
  const onlineAgents = countOnlineAgents(items, nowMs);
  return { allAgentsIdle: onlineAgents === 0, onlineAgents };
};

/** An agent is online while a connection of theirs sent anything within the activity window, unless they chose `away`. */
export const countOnlineAgents = (items: ReadonlyArray<ConnectionItem | AgentStatusItem>, nowMs: number): number => {
  const away = new Set(items.flatMap((i) => (i.entity === 'agent-status' && i.status === 'away' ? [i.userId] : [])));
  const online = new Set(
    items.flatMap((i) =>
      i.entity === 'slot-connection' && !away.has(i.userId) && isRecentlyActive(i, nowMs) ? [i.userId] : [],
    ),
  );
  return online.size;
};
