import * as z from 'zod/mini';
import { listInbox } from '#shared/chat/list-conversations';
import { PARTICIPANT_ROLES } from '#shared/http/roles';
import { httpRoute } from '#shared/http/route';
import { booleanString, limit } from '#shared/http/schemas';
import { userMember } from '#shared/table/keys';

export const handler = httpRoute(
  {
    roles: PARTICIPANT_ROLES,
    query: z.object({
      limit: limit(100, 20),
      cursor: z.optional(z.string().check(z.maxLength(4096))),
      archived: z._default(booleanString, false),
    }),
  },
  async ({ identity, query }) => ({
    status: 200,
    body: await listInbox(identity.tenant, userMember(identity.userId), query),
  }),
);
