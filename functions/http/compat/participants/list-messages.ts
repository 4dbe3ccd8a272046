import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { requestPath } from '#shared/compat/laravel/paginator';
import { participantsErrors } from '#shared/compat/participants/errors';
import { listMessages } from '#shared/compat/participants/operations';
import { requirePlatform } from '#shared/compat/participants/public-key';
import { conversationPath, pageQuery } from '#shared/compat/participants/requests';
import { httpRoute } from '#shared/http/route';

/** GET /api/v1/chat/conversations/{uuid}/messages?page= (seed 004's message list), newest first. */
export const handler = httpRoute(
  {
    roles: PARTICIPANT_ROLES,
    guard: requirePlatform,
    params: conversationPath,
    query: pageQuery,
    errors: participantsErrors(),
  },
  async ({ identity, params, query, event }) => ({
    status: 200,
    body: await listMessages(identity, params.uuid, query.page, requestPath(event)),
  }),
);
