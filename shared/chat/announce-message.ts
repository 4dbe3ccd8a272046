import type { MessageItem } from '#shared/chat/items/message';
import { messageAck, type ServerEvent } from './events';
import { type Audience, pushMessageCreated } from './fan-out';
import { type MessageView, messageView } from './views';

/** The WebSocket connection a message was sent from: it gets `message.ack` instead of its own `message.created`. */
export interface SendingConnection {
  connectionId: string;
  reply: (event: ServerEvent) => Promise<unknown>;
}

/**
 * The one announcement of a stored message, for the use cases that store one (send-message.ts, and the opening of a
 * conversation with its first message): `message.created` to every live connection of every participant, the
 * sender's other devices included; to the sending connection, if any, its ack instead, in parallel with the push.
 * `view` is the message as participants see it (send-message.ts gives it with its attachments' download links);
 * `audience`, the participants' connections as looked up alongside the write (fan-out.ts audienceOf).
 * Kept apart from send-message.ts so that opening a conversation, which sends no attachment, loads no S3 client.
 */
export const announceMessage = async (
  message: MessageItem,
  from?: SendingConnection,
  view: MessageView = messageView(message),
  audience?: Audience,
) => {
  if (!from) {
    await pushMessageCreated(message, { view, ...(audience && { audience }) });
    return;
  }
  await Promise.all([
    from.reply(messageAck(view)),
    pushMessageCreated(message, { exceptConnectionId: from.connectionId, view, ...(audience && { audience }) }),
  ]);
};
