import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { conversationsV2Errors } from '#shared/compat/conversations-v2/errors';
import { listUserConversations } from '#shared/compat/conversations-v2/operations';
import { pageQuery, userConversationsPath } from '#shared/compat/conversations-v2/requests';
import { requestPath } from '#shared/compat/laravel/paginator';
import { httpRoute } from '#shared/http/route';

/** GET /api/v2/chat/conversations/{user_id}?page= (seed 003, the app's older builds): the caller's own list; 404 for another id. */
export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: userConversationsPath, query: pageQuery, errors: conversationsV2Errors },
  async ({ identity, params, query, event }) => ({
    status: 200,
    body: await listUserConversations(identity, params.user_id, query.page, requestPath(event)),
  }),
);
