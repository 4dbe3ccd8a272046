import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { markRead } from '#shared/chat/mark-read';
import { httpRoute } from '#shared/http/route';
import { conversationPath, seqNumber } from '#shared/input/schemas';

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath, body: z.object({ seq: z.optional(seqNumber) }) },
  async ({ identity, params, body }) => {
    const { state } = await markRead(identity, params.id, body.seq);
    return { status: 200, body: state };
  },
);
