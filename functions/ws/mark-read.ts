import { markRead } from '#shared/chat/mark-read';
import { markReadAction } from '#shared/ws/actions';
import { conversationIdOrNotFound, wsAction } from '#shared/ws/ws-action';

/** markRead: the same use case as POST …/read; the other participants get `conversation.read` when it moved. */
export const handler = wsAction(markReadAction, async ({ identity, body }) => {
  await markRead(identity, conversationIdOrNotFound(body.conversationId), body.seq);
});
