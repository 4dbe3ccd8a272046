import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from './client';
import type { Key } from './keys';

/** A counter item: only ever moved forward, by the atomic ADD or the conditional claim below. */
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

/** The counter's value now (strongly consistent), 0 before its first value was taken. */
export const readCounter = async (key: Key): Promise<number> => {
  const { Item } = await db().send(new GetCommand({ TableName: config.tableName, Key: key, ConsistentRead: true }));
  return Number((Item as CounterItem | undefined)?.value ?? 0);
};

/**
 * Takes the counter's next `count` values, `seen + 1` to `seen + count`, inside the caller's own transaction, where
 * `seen` is the value the caller read (readCounter) in an earlier round trip: the update applies only while the
 * counter still holds `seen`, so the values need no round trip of their own. Of writers that read the same value,
 * exactly one commits; the others' transactions are cancelled on this item (ConditionalCheckFailed, or
 * TransactionConflict while it is in flight) and take values with nextCounterValue instead. Every value is still
 * handed out once: each change of the counter, this claim or the ADD, moves it from what it held past exactly the
 * values it hands out. `value` is the last value claimed.
 */
export const claimNextCounterValue = (key: Key, seen: number, count = 1) => ({
  value: seen + count,
  write: {
    Update: {
      TableName: config.tableName,
      Key: key,
      UpdateExpression: 'SET #value = :next, entity = :entity',
      ConditionExpression: seen === 0 ? 'attribute_not_exists(#value)' : '#value = :seen',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: {
        ':next': seen + count,
        ':entity': 'counter' satisfies CounterItem['entity'],
        ...(seen !== 0 && { ':seen': seen }),
      },
    },
  },
});
