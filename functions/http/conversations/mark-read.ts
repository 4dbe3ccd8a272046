import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { pushConversationRead } from '#shared/chat/fan-out';
import { markRead } from '#shared/chat/mark-read';
import { httpRoute } from '#shared/http/route';
import { conversationPath, seqNumber } from '#shared/input/schemas';

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath, body: z.object({ seq: z.optional(seqNumber) }) },
  async ({ identity, params, body }) => {
    const { state, changed, head, slot } = await markRead(identity, params.id, body.seq);
    if (changed) await pushConversationRead({ head, slot, userId: identity.userId, lastReadSeq: state.lastReadSeq });
    return { status: 200, body: state };
  },
);
