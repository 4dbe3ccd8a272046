import * as z from 'zod/mini';
import { MODERATOR_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { limit } from '#shared/input/schemas';
import { REPORT_STATUSES } from '#shared/moderation/items/report';
import { listReports } from '#shared/moderation/reports';

const query = z.object({
  status: z._default(z.enum(REPORT_STATUSES), 'open'),
  limit: limit(100, 20),
  cursor: z.optional(z.string().check(z.maxLength(4096))),
});

export const handler = httpRoute({ roles: MODERATOR_ROLES, query }, async ({ identity, query }) => ({
  status: 200,
  body: await listReports(identity, query),
}));
