import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../table/client';
import { INDEXES } from '../table/definition';
import { keys, type MemberKey } from '../table/keys';
import type { MemberItem } from './model';

/**
 * Totals over the sparse unread index: only member items with unread messages are in it, so the cost
 * follows the number of unread conversations, not the size of the inbox.
 */
export const unreadSummary = async (tenant: string, slots: MemberKey[]) => {
  let total = 0;
  let conversations = 0;
  for (const slot of slots) {
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
      for (const item of (page.Items ?? []) as MemberItem[]) {
        const unread = item.participants[slot]?.unreadCount ?? 0;
        total += unread;
        if (unread > 0) conversations += 1;
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return { total, conversations };
};
