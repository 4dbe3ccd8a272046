import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { conversationsV2Errors } from '#shared/compat/conversations-v2/errors';
import { getNewMessages } from '#shared/compat/conversations-v2/operations';
import { newMessagesPath } from '#shared/compat/conversations-v2/requests';
import { requestPath } from '#shared/compat/laravel/paginator';
import { httpRoute } from '#shared/http/route';

/** GET /api/v2/chat/get-new-messages/{conversation_id}/{last_message_id} (seed 003): the polling call. */
export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: newMessagesPath, errors: conversationsV2Errors },
  async ({ identity, params, event }) => ({
    status: 200,
    body: await getNewMessages(identity, params.conversation_id, params.last_message_id, requestPath(event)),
  }),
);
