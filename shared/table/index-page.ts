import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from './client';
import { type CursorScope, openKeyCursor, sealCursor } from './cursor';
import { INDEXES } from './definition';
import type { Key } from './keys';

const CURSOR_SHAPE = ['PK', 'SK', INDEXES.inbox.partitionKey, INDEXES.inbox.sortKey] as const;

/** The index key of an item on GSI1: its table key and index key attributes. */
const cursorKey = (item: Key) =>
  Object.fromEntries(CURSOR_SHAPE.map((name) => [name, (item as unknown as Record<string, unknown>)[name]]));

/**
 * One page of a GSI1 partition (an inbox, the moderation queue), newest first: a single Query whatever the
 * partition's size. One item more than the page tells whether another page exists, so the last page never carries
 * a cursor to an empty one; the cursor is the index key of the page's last item, sealed for `scope` (cursor.ts).
 */
export const indexPage = async <T extends Key>(
  partition: string,
  scope: CursorScope,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: T[]; nextCursor: string | null }> => {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: INDEXES.inbox.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': INDEXES.inbox.partitionKey },
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: page.limit + 1,
      ExclusiveStartKey: await openKeyCursor(page.cursor, scope, CURSOR_SHAPE, {
        [INDEXES.inbox.partitionKey]: partition,
      }),
    }),
  );
  const items = (Items as T[]).slice(0, page.limit);
  const last = Items.length > page.limit ? items[items.length - 1] : undefined;
  return {
    items,
    nextCursor: await sealCursor(last && cursorKey(last), scope),
  };
};
