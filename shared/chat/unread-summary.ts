import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberItem } from '#shared/chat/items/member';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { INDEXES } from '#shared/table/definition';
import { keys, type MemberKey } from '#shared/table/keys';

/**
 * Totals over the sparse unread index: only member items with unread messages are in it, so the cost
 * follows the number of unread conversations, not the size of the inbox. The index carries the owner's own
 * `unreadCount` and nothing else (shared/table/definition.ts). An agent has two slots (their own
 * and the support team's): the two Queries are independent, so they run in parallel.
 */
export const unreadSummary = async (tenant: string, slots: MemberKey[]) => {
  const perSlot = await Promise.all(slots.map((slot) => slotSummary(tenant, slot)));
  return {
    total: perSlot.reduce((sum, s) => sum + s.total, 0),
    conversations: perSlot.reduce((sum, s) => sum + s.conversations, 0),
  };
};

const slotSummary = async (tenant: string, slot: MemberKey) => {
  let total = 0;
  let conversations = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: config.tableName,
        IndexName: INDEXES.unread.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.unread.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.unreadPk(tenant, slot) },
        ExclusiveStartKey,
      }),
    );
    for (const item of (page.Items ?? []) as Pick<MemberItem, 'unreadCount'>[]) {
      // An item written before the top-level count existed is in this index only while unread: at least 1, until
      // its next message or read sets the count (stream/apply-message.ts starts it from the participant entry).
      const unread = item.unreadCount ?? 1;
      total += unread;
      if (unread > 0) conversations += 1;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { total, conversations };
};
