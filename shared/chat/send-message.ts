import type { Identity } from '#shared/auth/identity';
import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { getAttachments } from '#shared/chat/items/attachment';
import { getClientMessagePointer } from '#shared/chat/items/client-message-pointer';
import { cachedPolicy } from '#shared/policy/policy';
import { applyPolicy, assertMayPost } from '#shared/policy/screen-message';
import { requireParticipant } from './access';
import { announceMessage, type SendingConnection } from './announce-message';
import { type Appended, appendMessage, storedRetry } from './append-message';
import { readHeadAndTip } from './conversation-store';
import { type Audience, audienceOf } from './fan-out';
import { presentMessage } from './message-downloads';
import { takeSendToken } from './send-budget';
import { verifyAttachments } from './verify-attachments';

/**
 * Sends a message and announces it: POST …/messages, the WebSocket sendMessage action and the dialects' sends.
 * The sender's rate limit (send-budget.ts: 429, nothing stored), an erased user's old token (401), participant check (404 otherwise), trust and
 * safety (403 while the other participant blocks the conversation), attachments verified (verify-attachments.ts:
 * a 422 naming each bad one, nothing stored), the tenant's contact-information policy on the text, append
 * (append-message.ts), then `message.created` to every live connection of every participant; `from` (WebSocket)
 * gets its ack instead, sent alongside that push. `view` is the message as participants see it, with download
 * links for its attachments.
 *
 * Two round trips to the table: first everything the write depends on at once (the header and the newest message,
 * the sender's token, the clientMessageId's pointer, the attachments' records, the tenant's policy unless cached,
 * the sender's erasure mark),
 * then the write, while the participants' connections are looked up for the push.
 *
 * Idempotency: with `clientMessageId`, the message and its pointer are one transaction, so a retry stores nothing
 * and gets the stored message (`created: false`), even when the sender's rate limit would refuse a new send; the
 * same id with other text or attachments is a 409. A retry is recognized by its pointer, read in the first round
 * trip, and answered without a write (a retry racing its original is recognized by the transaction instead). A
 * retry announces the message again: events carry the message id and seq, so clients drop the duplicate.
 * Attachments are claimed in that same transaction: each is sent once, even by concurrent sends (one commits, the
 * others 422).
 * Ordering: seqs are gap-free and strictly increasing in commit order. The push follows the commit (a send that
 * fails pushes nothing) and is done before this returns; a failed push never fails the send. The connections it
 * goes to are those live while the write was made: one that connects meanwhile catches up as after any reconnect.
 */
export const sendMessage = async (
  identity: Identity,
  conversationId: string,
  input: { text: string; clientMessageId?: string; attachments?: string[] },
  options: { from?: SendingConnection } = {},
) => {
  const { tenant, userId } = identity;
  const { attachments: attachmentIds, ...content } = input;
  const pointer =
    content.clientMessageId === undefined
      ? undefined
      : getClientMessagePointer(tenant, conversationId, userId, content.clientMessageId);
  // The sender's token is taken, and their erasure looked for, while the conversation is read: a refusal (429, or
  // 401 for a token issued before the user's erasure) comes before the participant check.
  const [{ head: found, tip }, retryOf, records] = await Promise.all([
    readHeadAndTip(tenant, conversationId),
    pointer,
    attachmentIds?.length ? getAttachments(tenant, conversationId, attachmentIds) : undefined,
    takeSendToken(identity, pointer),
    cachedPolicy(tenant),
    refuseIfErased(identity),
  ]);
  const { head, slot } = requireParticipant(identity, found);
  assertMayPost(head, slot);
  const announced = async (appended: Appended, audience: Audience) => {
    const view = await presentMessage(appended.message);
    await announceMessage(appended.message, options.from, view, audience);
    return { ...appended, view };
  };
  // The participants' connections are looked up alongside the second round trip (the write, or a retry's read of
  // its message); the push follows it.
  if (retryOf) {
    const audience = audienceOf(head);
    const retry = { written: content.text, attachments: attachmentIds?.map((id) => ({ id })) };
    const again = await storedRetry(head, retryOf, retry, tip);
    if (again) return announced(again, audience);
  }
  const attachments =
    records &&
    (await verifyAttachments(userId, attachmentIds!, records, { mayBeRetry: content.clientMessageId !== undefined }));
  const screened = await applyPolicy(head, content.text);
  const audience = audienceOf(head);
  const appended = await appendMessage({
    head,
    sender: slot,
    senderId: userId,
    nextSeq: (tip?.seq ?? 0) + 1,
    ...content,
    ...screened,
    ...(attachments && { attachments }),
  });
  return announced(appended, audience);
};
