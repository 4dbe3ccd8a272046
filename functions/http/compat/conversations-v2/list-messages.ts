import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { conversationsV2Errors } from '#shared/compat/conversations-v2/errors';
import { listConversationMessages } from '#shared/compat/conversations-v2/operations';
import { messagesPath, pageQuery } from '#shared/compat/conversations-v2/requests';
import { requestPath } from '#shared/compat/laravel/paginator';
import { httpRoute } from '#shared/http/route';

/** GET /api/v2/chat/messages/{id}?page= (seed 003): newest first. */
export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: messagesPath, query: pageQuery, errors: conversationsV2Errors },
  async ({ identity, params, query, event }) => ({
    status: 200,
    body: await listConversationMessages(identity, params.id, query.page, requestPath(event)),
  }),
);
