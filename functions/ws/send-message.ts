import { sendMessage } from '#shared/chat/send-message';
import { sendMessageAction } from '#shared/ws/actions';
import { conversationIdOrNotFound, wsAction } from '#shared/ws/ws-action';

/**
 * sendMessage: the same use case as POST …/messages (participant check, gap-free seq, clientMessageId idempotency).
 * This connection gets the ack, the others message.created. A retry gets the original message in its ack and
 * pushes it again; clients drop duplicates by message id.
 */
export const handler = wsAction(sendMessageAction(), async ({ identity, connection, body, reply }) => {
  const { conversationId, ...input } = body;
  await sendMessage(identity, conversationIdOrNotFound(conversationId), input, {
    from: { connectionId: connection.connectionId, reply },
  });
});
