import type { FieldErrors } from '#shared/errors';
import type { MessageView } from './views';

/** The server → client events of the WebSocket API (the contract's "Real time" section). */
export type ServerEvent =
  | { type: 'message.created'; conversationId: string; message: MessageView }
  | { type: 'message.ack'; clientMessageId?: string; message: MessageView }
  | { type: 'message.redacted'; conversationId: string; messageId: string }
  | { type: 'conversation.read'; conversationId: string; userId: string; lastReadSeq: number }
  | { type: 'typing'; conversationId: string; userId: string }
  | { type: 'pong' }
  | { type: 'error'; status: number; title: string; detail: string; errors?: FieldErrors; requestId?: string };

/** Built from the message as participants see it (with its attachments' download links: message-downloads.ts). */
export const messageCreated = (message: MessageView): ServerEvent => ({
  type: 'message.created',
  conversationId: message.conversationId,
  message,
});

export const messageAck = (message: MessageView): ServerEvent => ({
  type: 'message.ack',
  ...(message.clientMessageId !== undefined && { clientMessageId: message.clientMessageId }),
  message,
});
