import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#shared/auth/identity';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys } from '#shared/table/keys';

/**
 * One data-rights request (`T#<t>#AUDIT / DATA#<at>#<requestId>`): what was asked about whom, when and by whom,
 * and for an erasure how it ended. Never any content: no names, addresses or texts. Kept, also after an erasure.
 */
export interface AuditItem extends Key {
  entity: 'audit';
  tenant: string;
  requestId: string;
  action: 'export' | 'erasure';
  subjectUserId: string;
  actorId: string;
  actorRole: Role;
  at: string;
  /** Erasures: `running` until its last step, then `done` with what it went through. */
  status?: 'running' | 'done';
  finishedAt?: string;
  steps?: number;
  conversations?: number;
  messages?: number;
}

export const auditItem = (fields: Omit<AuditItem, 'PK' | 'SK' | 'entity'>): AuditItem => ({
  ...keys.audit(fields.tenant, fields.at, fields.requestId),
  entity: 'audit',
  ...fields,
});

export const putAudit = async (item: AuditItem) => {
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
};

/** The end of an erasure: idempotent (a redelivered last step writes the same totals). */
export const finishAudit = async (
  key: Key,
  totals: { steps: number; conversations: number; messages: number },
  at: string,
) => {
  await db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: key,
      UpdateExpression:
        'SET #status = :done, finishedAt = if_not_exists(finishedAt, :at), steps = :steps, conversations = :conversations, messages = :messages',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':at': at, ...prefixed(totals) },
    }),
  );
};

const prefixed = (values: Record<string, number>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [`:${k}`, v]));
