import * as z from 'zod/mini';
import { sendMessage } from '#shared/chat/send-message';
import { messageView } from '#shared/chat/views';
import { PARTICIPANT_ROLES } from '#shared/http/roles';
import { httpRoute } from '#shared/http/route';
import { clientMessageId, conversationPath, messageText } from '#shared/http/schemas';
import { pushMessageCreated } from '#shared/realtime/fan-out';

export const handler = httpRoute(
  {
    roles: PARTICIPANT_ROLES,
    params: conversationPath,
    body: z.object({ text: messageText, clientMessageId: z.optional(clientMessageId) }),
  },
  async ({ identity, params, body }) => {
    const { message, created } = await sendMessage(identity, params.id, body);
    await pushMessageCreated(message);
    return { status: created ? 201 : 200, body: { message: messageView(message) } };
  },
);
