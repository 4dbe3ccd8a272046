import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { conversationPath } from '#shared/input/schemas';
import { setConversationBlock } from '#shared/moderation/blocks';

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath },
  async ({ identity, params }) => ({
    status: 200,
    body: await setConversationBlock(identity, params.id, true),
  }),
);
