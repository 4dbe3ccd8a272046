import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { failedConditionItem, isConditionFailed } from '#shared/table/errors';
import type { Key } from '#shared/table/keys';

/** One bucket (keys.rateBucket): a single number, only ever changed by the conditional updates below. */
export interface RateBucketItem extends Key {
  entity: 'rate-bucket';
  /** The theoretical arrival time, µs since the epoch: when the bucket is full again. */
  tat: number;
  /** TTL, epoch seconds: never before `tat`, after which the item says nothing an absent one would not. */
  expiresAt: number;
}

export interface BucketLimit {
  /** Tokens added per second, sustained. */
  ratePerSecond: number;
  /** Tokens the bucket holds: what a caller may take at once after a pause. */
  burst: number;
}

export type Take = { taken: true } | { taken: false; retryAfterMs: number };

const MICROS = 1_000_000;
/** Two writes always decide (see takeToken); the bound only guards against a clock far off the table's TTL. */
const MAX_WRITES = 4;

/**
 * Takes one token (or `count` at once, all or none) from a bucket that refills `ratePerSecond` and holds `burst`, or
 * says how long until they are there.
 *
 * The bucket is stored as GCRA (the generic cell rate algorithm): one number, the theoretical arrival time `tat`.
 * With T = 1 s / rate and τ = (burst − 1) × T, a token is there when tat ≤ now + τ, and taking it moves tat to
 * max(tat, now) + T; n tokens are there when tat ≤ now + τ − (n − 1) × T, and taking them moves tat by n × T. A
 * DynamoDB expression cannot take that max, but no write ever lowers tat, so each of the two cases is one conditional
 * UpdateItem, with no read before it:
 * 1. full (absent, or tat ≤ now): `SET tat = now + nT` if `attribute_not_exists(tat) OR tat <= now`;
 * 2. in a burst (now < tat ≤ now + τ − (n − 1)T): `SET tat = tat + nT` if tat is in that range, an increment that
 *    DynamoDB applies atomically: concurrent takers never lose one another's update, and none goes past now + τ + T.
 * Case 1 is tried first (someone typing sends slower than the rate: one write). When its condition fails, the item it
 * returns (ALL_OLD) has tat > now: beyond the range the bucket holds too few (refused, with the wait), else case 2 is
 * all that is left, and it can fail only because the bucket has just emptied (refused). So at most two writes, no
 * retry loop, and of N concurrent takers at one `now` exactly min(N, tokens there) get one. A take of more tokens
 * than the burst holds is always refused.
 * `now` is the caller's clock: a caller whose clock is ahead of the others' finds the bucket refilled that much early.
 */
export const takeToken = async (
  key: Key,
  { ratePerSecond, burst }: BucketLimit,
  nowMs = Date.now(),
  count = 1,
): Promise<Take> => {
  const interval = Math.round(MICROS / ratePerSecond);
  const step = count * interval;
  const now = Math.round(nowMs * 1000);
  const limit = now + (burst - count) * interval;
  if (limit < now) return refused(step);
  let tat: number | undefined; // as last seen; unknown at first, taken for full
  for (let write = 1; write <= MAX_WRITES; write++) {
    const full = tat === undefined || tat <= now;
    if (!full && tat! > limit) return refused(tat! - limit);
    try {
      await db().send(full ? fill(key, now, step) : increment(key, step, now, limit));
      return { taken: true };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      tat = failedConditionItem<RateBucketItem>(error)?.tat;
    }
  }
  return refused(interval);
};

/**
 * takeToken's first case (a full bucket: absent, or tat ≤ now, the usual one) as an item of the caller's own
 * transaction, for a write that needs a token and should not wait a round trip for it: the token and the write
 * commit together or not at all. When the bucket is not full the transaction is cancelled on this item
 * (ConditionalCheckFailed): the caller then takes the token with takeToken (a bucket in a burst, or a refusal) and
 * writes again without this item.
 */
export const fullBucketTake = (key: Key, { ratePerSecond }: BucketLimit, nowMs = Date.now()) => ({
  Update: fillWrite(key, Math.round(nowMs * 1000), Math.round(MICROS / ratePerSecond)),
});

const refused = (waitMicros: number): Take => ({ taken: false, retryAfterMs: Math.ceil(waitMicros / 1000) });

/** The TTL of a bucket whose tat is at most `tat`. */
const expiresAt = (tat: number) => Math.ceil(tat / MICROS) + 1;

const fillWrite = (key: Key, now: number, step: number) => ({
  TableName: config.tableName,
  Key: key,
  UpdateExpression: 'SET tat = :tat, entity = :entity, expiresAt = :expiresAt',
  ConditionExpression: 'attribute_not_exists(tat) OR tat <= :now',
  ExpressionAttributeValues: {
    ':tat': now + step,
    ':now': now,
    ':entity': 'rate-bucket' satisfies RateBucketItem['entity'],
    ':expiresAt': expiresAt(now + step),
  },
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
});

const fill = (key: Key, now: number, step: number) => new UpdateCommand(fillWrite(key, now, step));

const increment = (key: Key, step: number, now: number, limit: number) =>
  new UpdateCommand({
    TableName: config.tableName,
    Key: key,
    UpdateExpression: 'SET tat = tat + :step, expiresAt = :expiresAt',
    ConditionExpression: 'tat BETWEEN :now AND :limit',
    ExpressionAttributeValues: {
      ':step': step,
      ':now': now,
      ':limit': limit,
      ':expiresAt': expiresAt(limit + step),
    },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
