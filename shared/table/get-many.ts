import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { config } from '#shared/config';
import { db } from './client';
import type { Key } from './keys';

const MAX_ATTEMPTS = 8;
const identity = (key: { PK?: unknown; SK?: unknown }) => `${String(key.PK)}\u0000${String(key.SK)}`;

/**
 * Several items in one BatchGetItem, in the order of `keyList` (undefined where absent). Keys DynamoDB leaves
 * unprocessed (throttling) are asked again, so "absent" never means "not read".
 */
export const getMany = async (
  keyList: Key[],
  consistent = false,
): Promise<Array<Record<string, unknown> | undefined>> => {
  const TableName = config.tableName;
  const found = new Map<string, Record<string, unknown>>();
  let pending: Key[] = keyList;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const { Responses, UnprocessedKeys } = await db().send(
      new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending, ConsistentRead: consistent } } }),
    );
    for (const item of Responses?.[TableName] ?? []) found.set(identity(item), item);
    pending = (UnprocessedKeys?.[TableName]?.Keys ?? []) as Key[];
    if (pending.length === 0) break;
    if (attempt >= MAX_ATTEMPTS) throw new Error('BatchGetItem kept keys unprocessed');
    await backoff(attempt);
  }
  return keyList.map((key) => found.get(identity(key)));
};
