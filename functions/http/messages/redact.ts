import * as z from 'zod/mini';
import { MODERATOR_ROLES } from '#shared/auth/roles';
import { redactMessage } from '#shared/chat/redact-message';
import { messageView } from '#shared/chat/views';
import { httpRoute } from '#shared/http/route';
import { opaqueId } from '#shared/input/schemas';

export const handler = httpRoute(
  { roles: MODERATOR_ROLES, params: z.object({ id: opaqueId, messageId: opaqueId }) },
  async ({ identity, params }) => ({
    status: 200,
    body: { message: messageView(await redactMessage(identity, params.id, params.messageId)) },
  }),
);
