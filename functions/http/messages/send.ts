import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { sendMessage } from '#shared/chat/send-message';
import { messageView } from '#shared/chat/views';
import { httpRoute } from '#shared/http/route';
import { clientMessageId, conversationPath, messageText } from '#shared/input/schemas';

export const handler = httpRoute(
  {
    roles: PARTICIPANT_ROLES,
    params: conversationPath,
    body: z.object({ text: messageText, clientMessageId: z.optional(clientMessageId) }),
  },
  async ({ identity, params, body }) => {
    const { message, created } = await sendMessage(identity, params.id, body);
    return { status: created ? 201 : 200, body: { message: messageView(message) } };
  },
);
