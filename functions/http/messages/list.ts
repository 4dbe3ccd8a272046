import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import type { MessagePageRequest } from '#shared/chat/list-messages';
import { listMessagesWithDownloads } from '#shared/chat/message-downloads';
import { httpRoute } from '#shared/http/route';
import { conversationPath, limit, seq } from '#shared/input/schemas';

const query = z
  .object({
    limit: limit(100, 30),
    before: z.optional(seq),
    after: z.optional(seq),
    cursor: z.optional(z.string().check(z.maxLength(4096))),
  })
  .check(
    z.refine((q) => q.before === undefined || q.after === undefined, {
      path: ['after'],
      message: 'cannot be combined with before',
    }),
  );

/**
 * `cursor=<nextCursor>` continues in the direction the cursor was issued for; before/after choose where a walk
 * starts. A pager that keeps its first query and adds `cursor=` (one pager for every list) works: the cursor wins.
 */
const pageOf = (q: z.infer<typeof query>): MessagePageRequest =>
  q.cursor !== undefined
    ? { direction: 'cursor', limit: q.limit, cursor: q.cursor }
    : q.after !== undefined
      ? { direction: 'after', limit: q.limit, after: q.after }
      : { direction: 'before', limit: q.limit, ...(q.before !== undefined && { before: q.before }) };

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath, query },
  async ({ identity, params, query }) => ({
    status: 200,
    body: await listMessagesWithDownloads(identity, params.id, pageOf(query)),
  }),
);
