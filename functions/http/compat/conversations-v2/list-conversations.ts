import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { conversationsV2Errors } from '#shared/compat/conversations-v2/errors';
import { listConversations } from '#shared/compat/conversations-v2/operations';
import { pageQuery } from '#shared/compat/conversations-v2/requests';
import { requestPath } from '#shared/compat/laravel/paginator';
import { httpRoute } from '#shared/http/route';

/** GET /api/v2/chat/conversations?page= (seed 003). */
export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, query: pageQuery, errors: conversationsV2Errors },
  async ({ identity, query, event }) => ({
    status: 200,
    body: await listConversations(identity, query.page, requestPath(event)),
  }),
);
