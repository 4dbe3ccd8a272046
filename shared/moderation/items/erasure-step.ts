import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { isConditionFailed } from '#shared/table/errors';
import { type Key, keys } from '#shared/table/keys';

/**
 * Where an erasure goes on: the user's conversations oldest activity first, archived ones before active ones, then
 * those they wrote in as an agent through the support team's slot (moderation/items/team-authorship.ts), then the
 * products that keep a copy of their directory entry as a seller (catalog/seller-copy.ts).
 */
export interface ErasurePosition {
  phase: 'archived' | 'active' | 'team' | 'products';
  /** The key (inbox index key, authorship item key, product's index key) of the last one begun in this phase. */
  after?: Record<string, string>;
  /** The conversation whose log is being gone through, and the seq up to which it is done. */
  conversation?: { id: string; afterSeq: number };
}

/**
 * One step of an erasure (`T#<t>#ERASURE#<userId> / RUN#<requestId>#STEP#<n>`): its INSERT record makes the
 * stream run the step, which writes the next one. The position and the running totals are all a step needs, so
 * a step is redone exactly as it was when its record is delivered again.
 */
export interface ErasureStepItem extends Key {
  entity: 'erasure-step';
  tenant: string;
  userId: string;
  requestId: string;
  step: number;
  position: ErasurePosition;
  /** The request's audit record, finished by the last step. */
  audit: Key;
  totals: { conversations: number; messages: number };
  /** TTL: steps are only a trail once run; the audit record stays. */
  expiresAt: number;
}

const RETENTION_SECONDS = 7 * 24 * 3600;

export const erasureStepItem = (
  fields: Omit<ErasureStepItem, 'PK' | 'SK' | 'entity' | 'expiresAt'>,
): ErasureStepItem => ({
  ...fields,
  ...keys.erasureStep(fields.tenant, fields.userId, fields.requestId, fields.step),
  entity: 'erasure-step',
  expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
});

/** Writes a step unless it exists: a step run twice (a redelivered record) starts its successor once. */
export const putStepOnce = async (item: ErasureStepItem) => {
  try {
    await db().send(
      new PutCommand({ TableName: config.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
};
