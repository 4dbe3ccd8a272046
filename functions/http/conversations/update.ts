import * as z from 'zod/mini';
import { setArchived } from '#shared/chat/archive';
import { conversationView } from '#shared/chat/views';
import { PARTICIPANT_ROLES } from '#shared/http/roles';
import { httpRoute } from '#shared/http/route';
import { conversationPath } from '#shared/http/schemas';

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath, body: z.object({ archived: z.boolean() }) },
  async ({ identity, params, body }) => ({
    status: 200,
    body: conversationView(await setArchived(identity, params.id, body.archived)),
  }),
);
