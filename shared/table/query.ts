import type { QueryCommand, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db } from './client';

type StartKey = Record<string, unknown> | undefined;

/**
 * Every page of a Query, in order, until DynamoDB has no more (stop early by leaving the loop). `command` builds
 * the Query for each page's start key, so the whole command, its IndexName included, stays at the call site,
 * where the IAM check of the bundles (test/infra/support/table-usage.ts) reads it.
 */
export async function* queryPages(
  command: (ExclusiveStartKey: StartKey) => QueryCommand,
): AsyncGenerator<QueryCommandOutput> {
  let ExclusiveStartKey: StartKey;
  do {
    const page = await db().send(command(ExclusiveStartKey));
    yield page;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Every item a Query matches, across all its pages. */
export const queryAll = async <T>(command: (ExclusiveStartKey: StartKey) => QueryCommand): Promise<T[]> => {
  const items: T[] = [];
  for await (const page of queryPages(command)) items.push(...((page.Items ?? []) as T[]));
  return items;
};
