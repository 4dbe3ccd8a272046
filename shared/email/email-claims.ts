import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { randomId } from '#shared/ids';
import { db } from '#shared/table/client';
import { failedConditionItem, isConditionFailed } from '#shared/table/errors';
import type { Key } from '#shared/table/keys';

/**
 * The claim items that make each email go out once (keys in shared/table/keys.ts: `EMAIL#OPENED#<member>`,
 * `EMAIL#NOTIFY#<member>`, in the conversation partition, removed by TTL).
 *
 *   (none) ──claim──▶ sending ──SES accepted──▶ sent        a redelivery finds `sent` and does nothing
 *                       │  └──SES said no (4xx)──▶ rejected  never retried
 *                       └──transient failure──▶ failed ──claim again (the record's retry)──▶ sending …
 *
 * A notify item is also the recipient's throttle window: it remembers the message (`seq`, `at` = its createdAt)
 * that last used the window, so a later message may claim it only once `at` is older than the window (or the
 * previous email never went out). Decisions use message times, not the clock, so a redelivery decides the same.
 * `covered` marks a window started by the first message, whose email is the new-conversation one.
 */
export type ClaimState = 'sending' | 'sent' | 'failed' | 'rejected' | 'covered';

export interface ClaimItem extends Key {
  entity: 'email';
  state: ClaimState;
  /** The message this email is about (0 for the new-conversation email). */
  seq: number;
  /** That message's createdAt: the start of the throttle window. */
  at: string;
  attemptId?: string;
  claimedAt?: number;
  messageId?: string;
  expiresAt: number;
}

/** Longer than one send attempt can take (ses-client.ts bounds it): an older `sending` claim belongs to a dead attempt. */
export const CLAIM_LEASE_MS = 25_000;
/** Stream records live 24 h; claims outlive every possible redelivery, and the window, by days. */
const RETENTION_SECONDS = 7 * 24 * 3600;

export interface ClaimRequest {
  key: Key;
  seq: number;
  at: string;
  /** Notify claims only: a later message may take the window over once the last one is this much older. */
  windowMs?: number;
}

export type ClaimResult =
  | { outcome: 'claimed'; attemptId: string }
  | { outcome: 'busy'; retryInMs: number }
  | { outcome: 'done'; state: ClaimState; seq: number };

const expiry = (at: string, windowMs = 0) => Math.ceil((Date.parse(at) + windowMs) / 1000) + RETENTION_SECONDS;

/**
 * Claims the email with one conditional write. It succeeds when the item does not exist, when this very email
 * failed before (`failed`) or its attempt died mid-send (a `sending` claim older than the lease), or, for notify
 * claims, when the window has passed. Otherwise the current item says why not: sent, throttled, or in flight.
 */
export const claimEmail = async (request: ClaimRequest, now = Date.now()): Promise<ClaimResult> => {
  const attemptId = randomId();
  const conditions = [
    'attribute_not_exists(PK)',
    '(seq = :seq AND (#state = :failed OR (#state = :sending AND claimedAt < :stale)))',
  ];
  const values: Record<string, unknown> = {
    ':seq': request.seq,
    ':at': request.at,
    ':sending': 'sending',
    ':failed': 'failed',
    ':stale': now - CLAIM_LEASE_MS,
    ':now': now,
    ':attempt': attemptId,
    ':entity': 'email' satisfies ClaimItem['entity'],
    ':expires': expiry(request.at, request.windowMs),
  };
  if (request.windowMs !== undefined) {
    conditions.push('(seq < :seq AND (#state IN (:failed, :rejected) OR #at <= :windowStart))');
    values[':rejected'] = 'rejected';
    values[':windowStart'] = new Date(Date.parse(request.at) - request.windowMs).toISOString();
  }
  try {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: request.key,
        UpdateExpression:
          'SET entity = :entity, #state = :sending, seq = :seq, #at = :at, attemptId = :attempt, claimedAt = :now, expiresAt = :expires REMOVE messageId',
        ConditionExpression: conditions.join(' OR '),
        ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { outcome: 'claimed', attemptId };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    // The condition can only fail on an existing item, which DynamoDB returns (ALL_OLD).
    const current = failedConditionItem<ClaimItem>(error)!;
    if (current.state === 'sending' && current.seq === request.seq) {
      return { outcome: 'busy', retryInMs: Math.max(0, (current.claimedAt ?? 0) + CLAIM_LEASE_MS - now) };
    }
    return { outcome: 'done', state: current.state, seq: current.seq };
  }
};

/** Records the outcome of our attempt; conditioned on still owning the claim (a takeover makes it a no-op). */
export const settleClaim = async (
  key: Key,
  attemptId: string,
  state: 'sent' | 'failed' | 'rejected',
  messageId?: string,
) => {
  try {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: key,
        UpdateExpression: `SET #state = :state${messageId ? ', messageId = :messageId' : ''}`,
        ConditionExpression: 'attemptId = :attempt',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':state': state,
          ':attempt': attemptId,
          ...(messageId && { ':messageId': messageId }),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
};

/** A window started without an email (the first message's: its email is the new-conversation one). */
const coveredClaimItem = (key: Key, seq: number, at: string, windowMs: number): ClaimItem => ({
  ...key,
  entity: 'email',
  state: 'covered',
  seq,
  at,
  expiresAt: expiry(at, windowMs),
});

/** The first message starts the recipient's window without an email of its own; a no-op when already there. */
export const coverWindow = async (key: Key, seq: number, at: string, windowMs: number) => {
  try {
    await db().send(
      new PutCommand({
        TableName: config.tableName,
        Item: coveredClaimItem(key, seq, at, windowMs),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
};

export const readClaim = async (key: Key) =>
  (await db().send(new GetCommand({ TableName: config.tableName, Key: key, ConsistentRead: true }))).Item as
    | ClaimItem
    | undefined;
