import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { participantsErrors } from '#shared/compat/participants/errors';
import { sendMessage } from '#shared/compat/participants/operations';
import { requirePlatform } from '#shared/compat/participants/public-key';
import { conversationPath, sendMessageBody } from '#shared/compat/participants/requests';
import { httpRoute } from '#shared/http/route';

/** POST /api/v1/chat/conversations/{uuid}/messages (seed 004's send): 201, or 200 for a retry with the same client_message_id. */
export const handler = httpRoute(
  {
    roles: PARTICIPANT_ROLES,
    guard: requirePlatform,
    params: conversationPath,
    body: sendMessageBody,
    errors: participantsErrors('Failed to send message'),
  },
  async ({ identity, params, body }) => {
    const sent = await sendMessage(identity, params.uuid, body);
    return { status: sent.created ? 201 : 200, body: sent.body };
  },
);
