import { messageAck } from '#shared/chat/events';
import { pushMessageCreated } from '#shared/chat/fan-out';
import { sendMessage } from '#shared/chat/send-message';
import { sendMessageAction } from '#shared/ws/actions';
import { conversationIdOrNotFound, wsAction } from '#shared/ws/ws-action';

/**
 * sendMessage: the same use case as POST …/messages (participant check, gap-free seq, clientMessageId idempotency).
 * A retry gets the original message in its ack and pushes it again; clients drop duplicates by message id.
 */
export const handler = wsAction(sendMessageAction, async ({ identity, connection, body, reply }) => {
  const { conversationId, ...input } = body;
  const { message } = await sendMessage(identity, conversationIdOrNotFound(conversationId), input);
  await Promise.all([
    reply(messageAck(message)),
    pushMessageCreated(message, { exceptConnectionId: connection.connectionId }),
  ]);
});
