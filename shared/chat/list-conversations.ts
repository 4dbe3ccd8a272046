import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { db } from '../table/client';
import { INDEXES } from '../table/definition';
import { keys, type MemberKey } from '../table/keys';
import type { MemberItem } from './model';
import { conversationView } from './views';

const CURSOR_SHAPE = ['PK', 'SK', INDEXES.inbox.partitionKey, INDEXES.inbox.sortKey];

/** One inbox page, most recent activity first: a single Query on the inbox index, whatever the inbox size. */
export const listInbox = async (tenant: string, slot: MemberKey, page: { limit: number; cursor?: string; archived: boolean }) => {
  const inbox = keys.inboxPk(tenant, slot, page.archived);
  const { Items = [], LastEvaluatedKey } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: INDEXES.inbox.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': INDEXES.inbox.partitionKey },
      ExpressionAttributeValues: { ':pk': inbox },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, CURSOR_SHAPE, { [INDEXES.inbox.partitionKey]: inbox }),
    }),
  );
  return {
    items: (Items as MemberItem[]).map(conversationView),
    nextCursor: encodeCursor(LastEvaluatedKey as Record<string, string> | undefined),
  };
};
