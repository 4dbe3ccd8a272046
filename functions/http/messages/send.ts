import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { sendMessage } from '#shared/chat/send-message';
import { httpRoute } from '#shared/http/route';
import { messageContent } from '#shared/input/message-content';
import { clientMessageId, conversationPath } from '#shared/input/schemas';

export const handler = httpRoute(
  {
    roles: PARTICIPANT_ROLES,
    params: conversationPath,
    body: messageContent({ clientMessageId: z.optional(clientMessageId) }),
  },
  async ({ identity, params, body }) => {
    const { view, created } = await sendMessage(identity, params.id, body);
    return { status: created ? 201 : 200, body: { message: view } };
  },
);
