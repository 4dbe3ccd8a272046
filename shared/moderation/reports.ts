import type { Identity } from '#shared/auth/identity';
import { requireParticipant } from '#shared/chat/access';
import { getHead } from '#shared/chat/items/head';
import { findMessageById, type MessageItem } from '#shared/chat/items/message';
import { invalidField, NotFound } from '#shared/errors';
import { deterministicId } from '#shared/ids';
import { getMany } from '#shared/table/get-many';
import { indexPage } from '#shared/table/index-page';
import { keys } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import {
  getReport,
  parseReportId,
  putReportOnce,
  type ReportItem,
  type ReportReason,
  type ReportStatus,
  reportItem,
  setReportStatus,
} from './items/report';
import { messageWithOriginal } from './views';

/** A report as its reporter and moderators see it. */
export const reportView = (r: ReportItem) => ({
  id: r.id,
  conversationId: r.conversationId,
  messageId: r.messageId,
  reporterId: r.reporterId,
  reason: r.reason,
  note: r.note ?? null,
  status: r.status,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/**
 * POST /v1/conversations/{id}/reports by a participant, about the conversation or one of its messages.
 *
 * Idempotency: one report per reporter and message (or conversation, without a message): its key is derived from
 * them, and the put is conditioned on it being new, so a retry, or the same report again, returns the report
 * already filed (created: false), whatever its status now.
 */
export const fileReport = async (
  identity: Identity,
  conversationId: string,
  input: { messageId?: string | undefined; reason: ReportReason; note?: string | undefined },
) => {
  requireParticipant(identity, await getHead(identity.tenant, conversationId));
  const message =
    input.messageId === undefined ? undefined : await findMessageById(identity.tenant, conversationId, input.messageId);
  if (input.messageId !== undefined && !message)
    throw invalidField('messageId', 'is not a message of this conversation');
  const item = reportItem({
    tenant: identity.tenant,
    conversationId,
    key: deterministicId(identity.tenant, 'report', conversationId, identity.userId, input.messageId ?? ''),
    messageId: message?.id ?? null,
    messageSeq: message?.seq ?? null,
    reporterId: identity.userId,
    reason: input.reason,
    note: input.note,
    at: nowIso(),
  });
  const { report, created } = await putReportOnce(item);
  return { report: reportView(report), created };
};

/**
 * GET /v1/moderation/reports: one page of the tenant's reports of one status, newest first, each with the
 * reported message as it is now (its original text when masked; emptied when redacted since). One Query of the
 * status's queue on the index, one BatchGet of the page's messages.
 */
export const listReports = async (
  identity: Identity,
  page: { status: ReportStatus; limit: number; cursor?: string | undefined },
) => {
  const queue = keys.reportQueuePk(identity.tenant, page.status);
  const scope = { tenant: identity.tenant, userId: identity.userId, list: `reports:${page.status}` };
  const { items, nextCursor } = await indexPage<ReportItem>(queue, scope, page);
  return { items: await withMessages(items), nextCursor };
};

const withMessages = async (reports: ReportItem[]) => {
  const reported = reports.filter((r) => r.messageSeq !== null);
  const messages =
    reported.length === 0
      ? []
      : ((await getMany(reported.map((r) => keys.message(r.tenant, r.conversationId, r.messageSeq!)))) as Array<
          MessageItem | undefined
        >);
  const byReport = new Map(reported.map((r, i) => [r.id, messages[i]]));
  return reports.map((r) => {
    const message = byReport.get(r.id);
    return { ...reportView(r), message: message ? messageWithOriginal(message) : null };
  });
};

/** PATCH /v1/moderation/reports/{reportId}: the status a moderator decided. Idempotent; 404 outside the tenant. */
export const changeReportStatus = async (identity: Identity, reportId: string, status: ReportStatus) => {
  const ref = parseReportId(reportId);
  const found = ref && (await getReport(identity.tenant, ref.conversationId, ref.key));
  if (!ref || !found) throw new NotFound('No such report.');
  const updated = await setReportStatus({ ...found, key: ref.key }, status, identity.userId, nowIso());
  if (!updated) throw new NotFound('No such report.');
  const [item] = await withMessages([updated]);
  return item!;
};
