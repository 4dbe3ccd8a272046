import * as z from 'zod/mini';
import { MODERATOR_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { REPORT_ID_PATTERN, REPORT_STATUSES } from '#shared/moderation/items/report';
import { changeReportStatus } from '#shared/moderation/reports';

export const handler = httpRoute(
  {
    roles: MODERATOR_ROLES,
    params: z.object({ reportId: z.string().check(z.regex(REPORT_ID_PATTERN)) }),
    body: z.object({ status: z.enum(REPORT_STATUSES) }),
  },
  async ({ identity, params, body }) => ({
    status: 200,
    body: { report: await changeReportStatus(identity, params.reportId, body.status) },
  }),
);
