import type { Identity } from '#shared/auth/identity';
import type { MessageItem } from '#shared/chat/items/message';
import { requireParticipant } from './access';
import { appendMessage } from './append-message';
import { readHeadAndTip } from './conversation-store';
import { messageAck, type ServerEvent } from './events';
import { pushMessageCreated } from './fan-out';
import { takeSendToken } from './send-budget';

/** The WebSocket connection a message was sent from: it gets `message.ack` instead of its own `message.created`. */
export interface SendingConnection {
  connectionId: string;
  reply: (event: ServerEvent) => Promise<unknown>;
}

/**
 * Sends a message and announces it: POST …/messages, the WebSocket sendMessage action and the dialects' sends.
 * The sender's rate limit (send-budget.ts: 429, nothing stored), participant check (404 otherwise), append
 * (append-message.ts), then `message.created` to every live connection of every participant; `from` (WebSocket)
 * gets its ack instead, sent alongside that push.
 *
 * Idempotency: with `clientMessageId`, the message and its pointer are one transaction, so a retry stores nothing
 * and gets the stored message (`created: false`), even when the sender's rate limit would refuse a new send; the
 * same id with other text is a 409. A retry announces the message again: events carry the message id and seq, so
 * clients drop the duplicate.
 * Ordering: seqs are gap-free and strictly increasing in commit order. The push follows the commit and is done
 * before this returns; a failed push never fails the send.
 */
export const sendMessage = async (
  identity: Identity,
  conversationId: string,
  input: { text: string; clientMessageId?: string },
  options: { from?: SendingConnection } = {},
) => {
  // The sender's token is taken while the conversation is read: a refusal (429) comes before the participant check.
  const [{ head: found, tipSeq }] = await Promise.all([
    readHeadAndTip(identity.tenant, conversationId),
    takeSendToken(identity, conversationId, input.clientMessageId),
  ]);
  const { head, slot } = requireParticipant(identity, found);
  const appended = await appendMessage({
    head,
    sender: slot,
    senderId: identity.userId,
    nextSeq: tipSeq + 1,
    ...input,
  });
  await announceMessage(appended.message, options.from);
  return appended;
};

/**
 * The one announcement of a stored message, for the use cases that store one (this send, and the opening of a
 * conversation with its first message): `message.created` to every live connection of every participant, the
 * sender's other devices included; to the sending connection, if any, its ack instead, in parallel with the push.
 */
export const announceMessage = async (message: MessageItem, from?: SendingConnection) => {
  if (!from) {
    await pushMessageCreated(message);
    return;
  }
  await Promise.all([
    from.reply(messageAck(message)),
    pushMessageCreated(message, { exceptConnectionId: from.connectionId }),
  ]);
};
