import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { requestPath } from '#shared/compat/laravel/paginator';
import { participantsErrors } from '#shared/compat/participants/errors';
import { listConversations } from '#shared/compat/participants/operations';
import { requirePlatform } from '#shared/compat/participants/public-key';
import { pageQuery } from '#shared/compat/participants/requests';
import { httpRoute } from '#shared/http/route';

/** GET /api/v1/chat/conversations?page= (seed 004's list). */
export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, guard: requirePlatform, query: pageQuery, errors: participantsErrors() },
  async ({ identity, query, event }) => ({
    status: 200,
    body: await listConversations(identity, query.page, requestPath(event)),
  }),
);
