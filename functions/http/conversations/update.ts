import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { setArchived } from '#shared/chat/archive';
import { conversationView } from '#shared/chat/views';
import { httpRoute } from '#shared/http/route';
import { conversationPath } from '#shared/input/schemas';

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath, body: z.object({ archived: z.boolean() }) },
  async ({ identity, params, body }) => ({
    status: 200,
    body: conversationView(await setArchived(identity, params.id, body.archived)),
  }),
);
