import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type MessageItem, REDACTION_REMOVES, redactedCopy } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { cancellationReasons, cancelledItem, failedConditionItem, isConditionFailed } from '#shared/table/errors';
import { type Key, keys, REPORT_PREFIX } from '#shared/table/keys';
import { queryAll } from '#shared/table/query';

export const REPORT_REASONS = ['spam', 'abuse', 'fraud', 'other'] as const;
export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * A participant's report, in the partition of the conversation it is about (`REPORT#<key>`), and in the tenant's
 * moderation queue of its status (GSI1 `T#<t>#REPORTS#<status>`, newest first). Its public id is
 * `<conversationId>.<key>`, so PATCH finds it by key, and an erasure or export walking a user's conversations
 * finds the reports they filed.
 */
export interface ReportItem extends Key {
  entity: 'report';
  tenant: string;
  id: string;
  conversationId: string;
  messageId: string | null;
  /** The reported message's seq: its key in the log. */
  messageSeq: number | null;
  /**
   * The reported message as it was when reported (with its original text), so the moderation queue is one Query;
   * emptied like the message itself when it is redacted (emptyReportedCopies, run by the stream).
   */
  reportedMessage?: MessageItem;
  reporterId: string;
  reason: ReportReason;
  note?: string;
  status: ReportStatus;
  createdAt: string;
  updatedAt: string;
  /** The moderator who last changed the status. */
  handledBy?: string;
  GSI1PK: string;
  GSI1SK: string;
}

const ID = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{22})$/;
export const REPORT_ID_PATTERN = ID;

/** A report id's conversation and key; undefined for anything that is not a report id. */
export const parseReportId = (id: string) => {
  const match = ID.exec(id);
  return match ? { conversationId: match[1]!, key: match[2]! } : undefined;
};

export const reportItem = (fields: {
  tenant: string;
  conversationId: string;
  key: string;
  message: MessageItem | undefined;
  reporterId: string;
  reason: ReportReason;
  note?: string | undefined;
  at: string;
}): ReportItem => {
  const id = `${fields.conversationId}.${fields.key}`;
  return {
    ...keys.report(fields.tenant, fields.conversationId, fields.key),
    entity: 'report',
    tenant: fields.tenant,
    id,
    conversationId: fields.conversationId,
    messageId: fields.message?.id ?? null,
    messageSeq: fields.message?.seq ?? null,
    ...(fields.message && { reportedMessage: fields.message }),
    reporterId: fields.reporterId,
    reason: fields.reason,
    ...(fields.note !== undefined && { note: fields.note }),
    status: 'open',
    createdAt: fields.at,
    updatedAt: fields.at,
    GSI1PK: keys.reportQueuePk(fields.tenant, 'open'),
    GSI1SK: keys.reportQueueSk(fields.at, id),
  };
};

/**
 * Puts a new report; when one with this key exists already, returns that one instead (created: false).
 * A report about a message keeps a copy of it, so the put is conditioned on the message not being redacted since
 * it was read (one transaction): a redaction between the read and the put, whose emptying of the copies
 * (emptyReportedCopies) found no report yet, would otherwise leave the text in this one. Lost that race, the report
 * keeps the message as the redaction left it.
 */
export const putReportOnce = async (item: ReportItem): Promise<{ report: ReportItem; created: boolean }> => {
  const TableName = config.tableName;
  const put = {
    TableName,
    Item: item,
    ConditionExpression: 'attribute_not_exists(PK)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  const message = item.reportedMessage;
  try {
    if (!message || message.redacted) await db().send(new PutCommand(put));
    else
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            {
              ConditionCheck: {
                TableName,
                Key: { PK: message.PK, SK: message.SK },
                ConditionExpression: 'attribute_not_exists(redacted)',
              },
            },
          ],
        }),
      );
    return { report: item, created: true };
  } catch (error) {
    const reasons = cancellationReasons(error);
    const existing = reasons ? cancelledItem<ReportItem>(reasons[0]) : failedConditionItem<ReportItem>(error);
    if (existing) return { report: existing, created: false };
    if (message && reasons?.[1]?.Code === 'ConditionalCheckFailed')
      return putReportOnce({ ...item, reportedMessage: redactedCopy(message) });
    throw error;
  }
};

/** Sets a report's status, which moves it to that status's queue; undefined when there is no such report. */
export const setReportStatus = async (
  report: { tenant: string; conversationId: string; key: string },
  status: ReportStatus,
  handledBy: string,
  at: string,
) => {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.report(report.tenant, report.conversationId, report.key),
        UpdateExpression: 'SET #status = :status, GSI1PK = :queue, updatedAt = :at, handledBy = :by',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':queue': keys.reportQueuePk(report.tenant, status),
          ':at': at,
          ':by': handledBy,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as ReportItem;
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
};

/** The reports one user filed in one conversation. */
export const reportsFiledIn = (tenant: string, conversationId: string, reporterId: string) =>
  queryAll<ReportItem>(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :report)',
        FilterExpression: 'reporterId = :reporter',
        ExpressionAttributeValues: {
          ':pk': keys.conversationPk(tenant, conversationId),
          ':report': REPORT_PREFIX,
          ':reporter': reporterId,
        },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
  );

/** Forgets the free text of a report (an erasure of its reporter); reason, status and times stay. Idempotent. */
export const eraseReportNote = async (report: Pick<ReportItem, 'PK' | 'SK'>) => {
  await db()
    .send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { PK: report.PK, SK: report.SK },
        UpdateExpression: 'REMOVE note',
        ConditionExpression: 'attribute_exists(PK)',
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailed(error)) throw error;
    });
};

/**
 * Empties the copies reports keep of a message just redacted (the stream's MODIFY record of the message), as the
 * message itself was emptied. Idempotent: a redelivered record writes the same values.
 */
export const emptyReportedCopies = async (message: Pick<MessageItem, 'tenant' | 'conversationId' | 'id'>) => {
  const reports = await queryAll<ReportItem>(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :report)',
        FilterExpression: 'messageId = :id',
        ExpressionAttributeValues: {
          ':pk': keys.conversationPk(message.tenant, message.conversationId),
          ':report': REPORT_PREFIX,
          ':id': message.id,
        },
        ExclusiveStartKey,
      }),
  );
  await Promise.all(
    reports
      .filter((r) => r.reportedMessage && !r.reportedMessage.redacted)
      .map((r) =>
        db()
          .send(
            new UpdateCommand({
              TableName: config.tableName,
              Key: { PK: r.PK, SK: r.SK },
              UpdateExpression: `SET reportedMessage.#text = :empty, reportedMessage.redacted = :true REMOVE ${REDACTION_REMOVES.map((f) => `reportedMessage.${f}`).join(', ')}`,
              ConditionExpression: 'attribute_exists(reportedMessage)',
              ExpressionAttributeNames: { '#text': 'text' },
              ExpressionAttributeValues: { ':empty': '', ':true': true },
            }),
          )
          .catch((error: unknown) => {
            if (!isConditionFailed(error)) throw error;
          }),
      ),
  );
};
