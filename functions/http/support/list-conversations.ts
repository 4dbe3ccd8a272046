import * as z from 'zod/mini';
import { AGENT_ROLES } from '#shared/auth/roles';
import { listInbox } from '#shared/chat/list-conversations';
import { httpRoute } from '#shared/http/route';
import { booleanString, limit } from '#shared/input/schemas';
import { SUPPORT_TEAM } from '#shared/table/keys';

/** The tenant's support queue: the support team's inbox, most recent activity first. */
export const handler = httpRoute(
  {
    roles: AGENT_ROLES,
    query: z.object({
      limit: limit(100, 20),
      cursor: z.optional(z.string().check(z.maxLength(4096))),
      archived: z._default(booleanString, false),
    }),
  },
  async ({ identity, query }) => ({
    status: 200,
    body: await listInbox(identity, SUPPORT_TEAM, query),
  }),
);
