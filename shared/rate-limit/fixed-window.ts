import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { TooManyRequests } from '#shared/errors';
import { db } from '#shared/table/client';
import { isConditionFailed } from '#shared/table/errors';
import type { Key } from '#shared/table/keys';

/**
 * One counter per subject and window (keys.rateWindow: one tenant's subject; keys.crossTenantRateWindow: a subject
 * that has no tenant): only ever changed by the conditional ADD below.
 */
export interface RateWindowItem extends Key {
  entity: 'rate-window';
  count: number;
  /** TTL, epoch seconds: one window after this one ends. */
  expiresAt: number;
}

export interface WindowLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * Takes one unit from a fixed-window counter item (`counterKey` of the window's start, epoch seconds; removed by
 * TTL), or throws 429 with Retry-After until the window ends. The increment is conditional (`count < limit`), so
 * concurrent callers can never overshoot the limit and a refused call costs nothing from the next window.
 */
export const takeFromWindow = async (
  counterKey: (windowStart: number) => Key,
  { limit, windowSeconds }: WindowLimit,
  nowMs = Date.now(),
) => {
  const windowStart = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
  const windowEnd = windowStart + windowSeconds;
  try {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: counterKey(windowStart),
        UpdateExpression: 'ADD #count :one SET entity = :entity, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': limit,
          ':entity': 'rate-window' satisfies RateWindowItem['entity'],
          ':expiresAt': windowEnd + windowSeconds,
        },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new TooManyRequests(Math.max(1, Math.ceil(windowEnd - nowMs / 1000)));
    throw error;
  }
};
