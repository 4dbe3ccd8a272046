import { openerRoles } from '#shared/auth/roles';
import { conversationsV2Errors } from '#shared/compat/conversations-v2/errors';
import { createConversation } from '#shared/compat/conversations-v2/operations';
import { createConversationBody } from '#shared/compat/conversations-v2/requests';
import { requestPath } from '#shared/compat/laravel/paginator';
import { httpRoute } from '#shared/http/route';

/** POST /api/v2/chat/create-conversation (seed 003): the core's product conversation, opened by whoever may open one. */
export const handler = httpRoute(
  { roles: openerRoles('product'), body: createConversationBody, errors: conversationsV2Errors },
  async ({ identity, body, event }) => ({
    status: 200,
    body: await createConversation(identity, body, requestPath(event)),
  }),
);
