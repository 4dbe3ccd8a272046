import type { MessageItem } from '#shared/chat/items/message';
import type { FieldErrors } from '#shared/errors';
import { type MessageView, messageView } from './views';

/** The server → client events of the WebSocket API (the contract's "Real time" section). */
export type ServerEvent =
  | { type: 'message.created'; conversationId: string; message: MessageView }
  | { type: 'message.ack'; clientMessageId?: string; message: MessageView }
  | { type: 'message.redacted'; conversationId: string; messageId: string }
  | { type: 'conversation.read'; conversationId: string; userId: string; lastReadSeq: number }
  | { type: 'typing'; conversationId: string; userId: string }
  | { type: 'pong' }
  | { type: 'error'; status: number; title: string; detail: string; errors?: FieldErrors; requestId?: string };

export const messageCreated = (m: MessageItem): ServerEvent => ({
  type: 'message.created',
  conversationId: m.conversationId,
  message: messageView(m),
});

export const messageAck = (m: MessageItem): ServerEvent => ({
  type: 'message.ack',
  ...(m.clientMessageId !== undefined && { clientMessageId: m.clientMessageId }),
  message: messageView(m),
});
