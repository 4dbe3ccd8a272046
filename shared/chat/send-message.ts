import type { Identity } from '#shared/auth/identity';
import { applyPolicy, assertMayPost } from '#shared/policy/screen-message';
import { requireParticipant } from './access';
import { announceMessage, type SendingConnection } from './announce-message';
import { appendMessage } from './append-message';
import { readHeadAndTip } from './conversation-store';
import { presentMessage } from './message-downloads';
import { takeSendToken } from './send-budget';
import { verifyAttachments } from './verify-attachments';

/**
 * Sends a message and announces it: POST …/messages, the WebSocket sendMessage action and the dialects' sends.
 * The sender's rate limit (send-budget.ts: 429, nothing stored), participant check (404 otherwise), trust and
 * safety (403 while the other participant blocks the conversation), attachments verified (verify-attachments.ts:
 * a 422 naming each bad one, nothing stored), the tenant's contact-information policy on the text, append
 * (append-message.ts), then `message.created` to every live connection of every participant; `from` (WebSocket)
 * gets its ack instead, sent alongside that push. `view` is the message as participants see it, with download
 * links for its attachments.
 *
 * Idempotency: with `clientMessageId`, the message and its pointer are one transaction, so a retry stores nothing
 * and gets the stored message (`created: false`), even when the sender's rate limit would refuse a new send; the
 * same id with other text or attachments is a 409. A retry announces the message again: events carry the message
 * id and seq, so clients drop the duplicate. Attachments are claimed in that same transaction: each is sent once,
 * even by concurrent sends (one commits, the others 422).
 * Ordering: seqs are gap-free and strictly increasing in commit order. The push follows the commit and is done
 * before this returns; a failed push never fails the send.
 */
export const sendMessage = async (
  identity: Identity,
  conversationId: string,
  input: { text: string; clientMessageId?: string; attachments?: string[] },
  options: { from?: SendingConnection } = {},
) => {
  // The sender's token is taken while the conversation is read: a refusal (429) comes before the participant check.
  const [{ head: found, tipSeq }] = await Promise.all([
    readHeadAndTip(identity.tenant, conversationId),
    takeSendToken(identity, conversationId, input.clientMessageId),
  ]);
  const { head, slot } = requireParticipant(identity, found);
  assertMayPost(head, slot);
  const { attachments: attachmentIds, ...content } = input;
  const attachments = attachmentIds?.length
    ? await verifyAttachments(head, identity.userId, attachmentIds, {
        mayBeRetry: content.clientMessageId !== undefined,
      })
    : undefined;
  const screened = await applyPolicy(head, content.text);
  const appended = await appendMessage({
    head,
    sender: slot,
    senderId: identity.userId,
    nextSeq: tipSeq + 1,
    ...content,
    ...screened,
    ...(attachments && { attachments }),
  });
  const view = await presentMessage(appended.message);
  await announceMessage(appended.message, options.from, view);
  return { ...appended, view };
};
