import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from './client';
import type { Key } from './keys';

/** A counter item: only ever changed by the atomic ADD below. */
export interface CounterItem extends Key {
  entity: 'counter';
  value: number;
}

/**
 * The next value of the counter item at `key` (1, 2, 3, …). An atomic ADD: concurrent callers never get the
 * same value. Not idempotent by design: a value taken by an attempt that then loses or fails only leaves a gap,
 * so whatever a value is given to must be claimed with its own conditional write (numbers → pointer items).
 */
export const nextCounterValue = async (key: Key): Promise<number> => {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: key,
      UpdateExpression: 'ADD #value :one SET entity = :entity',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':one': 1, ':entity': 'counter' satisfies CounterItem['entity'] },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number((Attributes as Pick<CounterItem, 'value'>).value);
};
