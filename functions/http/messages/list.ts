import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { listMessages } from '#shared/chat/list-messages';
import { httpRoute } from '#shared/http/route';
import { conversationPath, limit, seq } from '#shared/input/schemas';

const query = z
  .object({
    limit: limit(100, 30),
    before: z.optional(seq),
    after: z.optional(seq),
    // nextCursor here is a seq; a client that passes it back as `cursor` (as for conversations) is told how, not ignored.
    cursor: z.optional(
      z.never('pass nextCursor back as before=<nextCursor> (newest first) or after=<nextCursor> (oldest first)'),
    ),
  })
  .check(
    z.refine((q) => q.before === undefined || q.after === undefined, {
      path: ['after'],
      message: 'cannot be combined with before',
    }),
  );

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath, query },
  async ({ identity, params, query }) => ({
    status: 200,
    body: await listMessages(
      identity,
      params.id,
      query.after !== undefined
        ? { direction: 'after', limit: query.limit, after: query.after }
        : { direction: 'before', limit: query.limit, ...(query.before !== undefined && { before: query.before }) },
    ),
  }),
);
