import type { Identity } from '#shared/auth/identity';
import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { requireParticipant } from '#shared/chat/access';
import { getHead } from '#shared/chat/items/head';
import { findMessageById } from '#shared/chat/items/message';
import { invalidField, NotFound } from '#shared/errors';
import { deterministicId } from '#shared/ids';
import { indexPage } from '#shared/table/index-page';
import { keys } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import {
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
  // All at once: a non-participant learns nothing from the answer, which is 404 either way; an erased user's old
  // token files nothing (401): the note is theirs.
  const [head, message] = await Promise.all([
    getHead(identity.tenant, conversationId),
    input.messageId === undefined ? undefined : findMessageById(identity.tenant, conversationId, input.messageId),
    refuseIfErased(identity),
  ]);
  requireParticipant(identity, head);
  if (input.messageId !== undefined && !message)
    throw invalidField('messageId', 'is not a message of this conversation');
  const item = reportItem({
    tenant: identity.tenant,
    conversationId,
    key: deterministicId(identity.tenant, 'report', conversationId, identity.userId, input.messageId ?? ''),
    message,
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
 * reported message as it was reported (its original text when masked; emptied once redacted since, which the stream
 * copies into the report). One Query of the status's queue on the index.
 */
export const listReports = async (
  identity: Identity,
  page: { status: ReportStatus; limit: number; cursor?: string | undefined },
) => {
  const queue = keys.reportQueuePk(identity.tenant, page.status);
  const scope = { tenant: identity.tenant, userId: identity.userId, list: `reports:${page.status}` };
  const { items, nextCursor } = await indexPage<ReportItem>(queue, scope, page);
  return { items: items.map(withMessage), nextCursor };
};

const withMessage = (r: ReportItem) => ({
  ...reportView(r),
  message: r.reportedMessage ? messageWithOriginal(r.reportedMessage) : null,
});

/**
 * PATCH /v1/moderation/reports/{reportId}: the status a moderator decided, in one conditional update. Idempotent;
 * 404 outside the tenant.
 */
export const changeReportStatus = async (identity: Identity, reportId: string, status: ReportStatus) => {
  const ref = parseReportId(reportId);
  const updated =
    ref && (await setReportStatus({ tenant: identity.tenant, ...ref }, status, identity.userId, nowIso()));
  if (!updated) throw new NotFound('No such report.');
  return withMessage(updated);
};
