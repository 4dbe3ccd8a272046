import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { listInbox } from '#shared/chat/list-conversations';
import { httpRoute } from '#shared/http/route';
import { booleanString, limit } from '#shared/input/schemas';
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
    body: await listInbox(identity, userMember(identity.userId), query),
  }),
);
