import type { MessageItem } from '#shared/chat/model';
import { type MessageView, messageView } from '#shared/chat/views';
import { type FieldErrors, HttpProblem } from '#shared/errors';
import { problemDetails } from '#shared/http/problem-json';

/** The server → client events of the WebSocket API (the contract's "Real time" section). */
export type ServerEvent =
  | { type: 'message.created'; conversationId: string; message: MessageView }
  | { type: 'message.ack'; clientMessageId?: string; message: MessageView }
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

/** The members of problem+json over HTTP (problemDetails), typed `error`; a non-HttpProblem never shows its internals. */
export const errorEvent = (error: unknown, requestId?: string): ServerEvent => {
  const problem =
    error instanceof HttpProblem
      ? error
      : new HttpProblem(500, 'Internal Server Error', 'The server failed to handle the action; it has been logged.');
  return { ...problemDetails(problem, requestId), type: 'error' };
};
