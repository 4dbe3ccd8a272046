import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { readCallerMember } from '#shared/chat/conversation-store';
import { conversationView } from '#shared/chat/views';
import { httpRoute } from '#shared/http/route';
import { conversationPath } from '#shared/input/schemas';

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath },
  async ({ identity, params }) => ({
    status: 200,
    body: conversationView(await readCallerMember(identity, params.id)),
  }),
);
