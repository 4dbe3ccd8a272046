import { pushConversationRead } from '#shared/chat/fan-out';
import { markRead } from '#shared/chat/mark-read';
import { markReadAction } from '#shared/ws/actions';
import { conversationIdOrNotFound, wsAction } from '#shared/ws/ws-action';

/** markRead: the same use case as POST …/read; the other participants get `conversation.read` when it moved. */
export const handler = wsAction(markReadAction, async ({ identity, body }) => {
  const { state, changed, head, slot } = await markRead(
    identity,
    conversationIdOrNotFound(body.conversationId),
    body.seq,
  );
  if (changed) await pushConversationRead({ head, slot, userId: identity.userId, lastReadSeq: state.lastReadSeq });
});
