import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { conversationsV2Errors } from '#shared/compat/conversations-v2/errors';
import { insertMessage } from '#shared/compat/conversations-v2/operations';
import { insertMessageBody } from '#shared/compat/conversations-v2/requests';
import { requestPath } from '#shared/compat/laravel/paginator';
import { httpRoute } from '#shared/http/route';

/** POST /api/v2/chat/insert-message (seed 003): the created message as a one-item collection. */
export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, body: insertMessageBody, errors: conversationsV2Errors },
  async ({ identity, body, event }) => ({ status: 200, body: await insertMessage(identity, body, requestPath(event)) }),
);
