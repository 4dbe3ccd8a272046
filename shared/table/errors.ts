import { fromImage } from './image';

/** Narrowing helpers for the DynamoDB errors our write paths branch on. */
export type CancellationReason = { Code?: string; Item?: Record<string, unknown> };

export const isConditionFailed = (error: unknown): boolean =>
  (error as { name?: string })?.name === 'ConditionalCheckFailedException';

export const cancellationReasons = (error: unknown): CancellationReason[] | undefined =>
  (error as { name?: string })?.name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [])
    : undefined;

/** A transaction lost a race with another transaction on the same items; safe to retry as is. */
export const isTransactionConflict = (error: unknown): boolean => {
  const reasons = cancellationReasons(error);
  return (
    (error as { name?: string })?.name === 'TransactionConflictException' ||
    (reasons?.some((r) => r.Code === 'TransactionConflict') === true &&
      !reasons.some((r) => r.Code === 'ConditionalCheckFailed'))
  );
};

/**
 * The item a failed condition found (a ConditionalCheckFailedException of a write asked for
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`), or undefined when the item did not exist.
 */
export const failedConditionItem = <T>(error: unknown): T | undefined => {
  const old = (error as { Item?: Record<string, unknown> }).Item;
  return old && fromImage<T>(old);
};

/** The item a cancelled transaction's write found, when its condition failed (and it asked for ALL_OLD). */
export const cancelledItem = <T>(reason: CancellationReason | undefined): T | undefined =>
  reason?.Code === 'ConditionalCheckFailed' && reason.Item ? fromImage<T>(reason.Item) : undefined;
