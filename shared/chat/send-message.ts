import type { Identity } from '#shared/auth/identity';
import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { getAttachments } from '#shared/chat/items/attachment';
import {
  type ClientMessagePointerItem,
  claimClientMessageId,
  type PointerOwner,
  pointerOwner,
  releaseClaim,
} from '#shared/chat/items/client-message-pointer';
import { HttpProblem } from '#shared/errors';
import { randomId } from '#shared/ids';
import { cachedPolicy } from '#shared/policy/policy';
import { applyPolicy, assertMayPost } from '#shared/policy/screen-message';
import { requireParticipant } from './access';
import { announceMessage, type SendingConnection } from './announce-message';
import { appendMessage, contentKey, type SendContent } from './append-message';
import { claimedRetry, claimerStore } from './client-message-claims';
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
 * the sender's token, the claim of the clientMessageId, the attachments' records, the tenant's policy unless cached,
 * the sender's erasure mark), then the write, while the participants' connections are looked up for the push.
 *
 * Idempotency: with `clientMessageId`, the send claims its pointer in the first round (put only if absent, naming the
 * message id it drew; shared/chat/items/client-message-pointer.ts) and stores the message under that id in the
 * second: two single-item writes, not a transaction. Of concurrent sends with one clientMessageId exactly one claims
 * it; a retry finds the pointer instead and gets the stored message (`created: false`), without a write and even when
 * the sender's rate limit would refuse a new send; the same id with other text or attachments is a 409 (see
 * claimedRetry in client-message-claims.ts for a retry that meets a claim whose message is not stored yet). A send
 * refused before it writes (401, 403, 404, 422, 429) gives its claim back, so the client's next try is a new send.
 * A retry announces the message again: events carry the message id and seq, so clients drop the duplicate.
 * Attachments are claimed in the message's own transaction: each is sent once, even by concurrent sends (one
 * commits, the others 422).
 * Ordering: seqs are gap-free and strictly increasing in commit order. The push follows the commit (a send that
 * fails pushes nothing) and is done before this returns; a failed push never fails the send. The connections it
 * goes to are those live while the write was made: one that connects meanwhile catches up as after any reconnect.
 */
export const sendMessage = async (
  identity: Identity,
  conversationId: string,
  input: SendInput,
  options: { from?: SendingConnection } = {},
) => {
  const owner =
    input.clientMessageId === undefined ? undefined : pointerOwner(identity, conversationId, input.clientMessageId);
  const asked = { written: input.text, attachments: input.attachments?.map((id) => ({ id })) };
  const claiming: Claiming = { owner, asked, claimedId: randomId(), claimedAt: Date.now(), writeTried: false };
  const { claimedId: messageId, claimedAt } = claiming;
  const claim = owner && claimClientMessageId(owner, { messageId, claimedAt, content: contentKey(asked) });
  claiming.retryOf = claim?.then((c) => (c.claimed ? undefined : c.pointer));
  try {
    return await send(identity, conversationId, input, options, claiming);
  } catch (error) {
    // Refused before its write was tried, or by the write itself: the claim is given back. A write that failed
    // otherwise may have committed, so the claim stays (a retry finds the message, or waits the claim out and stores
    // it: claimedRetry).
    const ours = await claim?.then(
      (c) => c.claimed,
      () => false,
    );
    if (owner && ours && !claiming.writeTried) await releaseClaim(owner, claiming.claimedId).catch(() => undefined);
    throw error;
  }
};

type SendInput = { text: string; clientMessageId?: string; attachments?: string[] };

/**
 * A send's clientMessageId: what it asks for, its claim (the pointer another send put first, if so) and whether its
 * write was tried (and may have committed: a refusal by the write itself clears it).
 */
interface Claiming {
  owner: PointerOwner | undefined;
  asked: SendContent;
  claimedId: string;
  claimedAt: number;
  retryOf?: Promise<ClientMessagePointerItem | undefined> | undefined;
  writeTried: boolean;
}

const send = async (
  identity: Identity,
  conversationId: string,
  input: SendInput,
  options: { from?: SendingConnection },
  claiming: Claiming,
) => {
  const { tenant, userId } = identity;
  const { attachments: attachmentIds, ...content } = input;
  // The sender's token is taken, the clientMessageId claimed and their erasure looked for, while the conversation is
  // read: a refusal (429, or 401 for a token issued before the user's erasure) comes before the participant check.
  const [{ head: found, tip }, retryOf, records] = await Promise.all([
    readHeadAndTip(tenant, conversationId),
    claiming.retryOf,
    attachmentIds?.length ? getAttachments(tenant, conversationId, attachmentIds) : undefined,
    takeSendToken(identity, claiming.retryOf),
    cachedPolicy(tenant),
    refuseIfErased(identity),
  ]);
  const readAt = Date.now();
  const { head, slot } = requireParticipant(identity, found);
  assertMayPost(head, slot);
  const screened = await applyPolicy(head, content.text);
  // The participants' connections are looked up alongside the second round trip (the write, or a retry's read of
  // its message), once any attachments are verified; the push follows it.
  let audience: Audience | undefined;
  const lookUpAudience = () => {
    audience ??= audienceOf(head);
    return audience;
  };
  // Stores the message: under the id this send claimed, or under a dead send's claim that a retry takes over.
  const store = async (claimedId?: string) => {
    const attachments =
      records &&
      (await verifyAttachments(userId, attachmentIds!, records, { mayBeRetry: content.clientMessageId !== undefined }));
    claiming.writeTried = true;
    lookUpAudience();
    return appendMessage({
      head,
      sender: slot,
      senderId: userId,
      nextSeq: (tip?.seq ?? 0) + 1,
      ...content,
      ...screened,
      ...(claimedId !== undefined && { claimedId }),
      ...(attachments && { attachments }),
    }).catch((error: unknown) => {
      // A refusal (422: an attachment taken meanwhile; 429: every slot lost) is final: nothing stored under the id.
      if (error instanceof HttpProblem && error.status < 500) claiming.writeTried = false;
      throw error;
    });
  };
  const { owner } = claiming;
  if (retryOf) lookUpAudience(); // alongside the retry's read of its message
  const appended = !owner
    ? await store()
    : retryOf
      ? await claimedRetry(owner, retryOf, { ...claiming.asked, tip }, store)
      : await claimerStore(
          owner,
          { messageId: claiming.claimedId, claimedAt: claiming.claimedAt },
          { tip, readAt },
          store,
        );
  const view = await presentMessage(appended.message);
  await announceMessage(appended.message, options.from, view, lookUpAudience());
  return { ...appended, view };
};
