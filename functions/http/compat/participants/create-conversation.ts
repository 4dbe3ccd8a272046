import { openerRoles } from '#shared/auth/roles';
import { participantsErrors } from '#shared/compat/participants/errors';
import { createConversation } from '#shared/compat/participants/operations';
import { requirePlatform } from '#shared/compat/participants/public-key';
import { createConversationBody } from '#shared/compat/participants/requests';
import { httpRoute } from '#shared/http/route';

/**
 * POST /api/v1/chat/conversations (seed 004): a direct conversation, so by whoever may open one in the core
 * (customers and sellers; guests 403). 201 also when the conversation already existed: the only success the
 * document names.
 */
export const handler = httpRoute(
  {
    roles: openerRoles('direct'),
    guard: requirePlatform,
    body: createConversationBody,
    errors: participantsErrors('Failed to create conversation'),
  },
  async ({ identity, body }) => ({ status: 201, body: await createConversation(identity, body) }),
);
