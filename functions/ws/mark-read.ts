import { markRead } from '#shared/chat/mark-read';
import { markReadAction } from '#shared/realtime/actions';
import { pushConversationRead } from '#shared/realtime/fan-out';
import { conversationIdOrNotFound, wsAction } from '#shared/realtime/ws-action';

/** markRead: the same use case as POST …/read; the other participants get `conversation.read` when it moved. */
export const handler = wsAction(markReadAction, async ({ identity, body }) => {
  const { state, changed, head, slot } = await markRead(
    identity,
    conversationIdOrNotFound(body.conversationId),
    body.seq,
  );
  if (changed) await pushConversationRead({ head, slot, userId: identity.userId, lastReadSeq: state.lastReadSeq });
});
