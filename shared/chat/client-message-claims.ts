import { backoff } from '#shared/backoff';
import {
  CLAIM_PATIENCE_MS,
  type ClientMessagePointerItem,
  getClientMessagePointer,
  type PointerOwner,
  pointedMessage,
  takeOverClaim,
} from '#shared/chat/items/client-message-pointer';
import type { MessageItem } from '#shared/chat/items/message';
import { TooManyRequests } from '#shared/errors';
import { type Appended, contentKey, retried, reused, type SendContent } from './append-message';

/**
 * A send whose clientMessageId another send stored or claimed first (its pointer, read or found while claiming, in the
 * send's first round trip): the message it names, created: false (409 when it is other content). `tip`, the newest
 * message as read with the header, is the one a prompt retry names, saving its read.
 * A claim whose message is not stored yet is a 409 at once when it is for other content (its `content`), else it is
 * waited for (its send is between its two writes); a claim older than CLAIM_PATIENCE_MS is taken over: its send
 * died, so this one stores the message under the claimed id. It is still stored once: slots are written once, the
 * walk up from this send's tip passes only slots that were taken before the search that did not find the id, and
 * the claiming send, should it be only slow, walks up through the same slots
 * (from a tip it read before any takeover could start, or else before a search of its own: claimerStore) and finds
 * the id in the one this send filled (or this send finds it in the one that send filled). The claim is marked taken
 * over before the store (takeOverClaim), so a claiming send refused late (its giving back delayed past the patience)
 * cannot delete it from under the stored message, which would let a later retry store a second copy. A claim given
 * back meanwhile (its send was refused) is a 429: the client's next try claims afresh and takes its own token.
 */
export const claimedRetry = async (
  owner: PointerOwner,
  pointer: ClientMessagePointerItem,
  retry: SendContent & { tip?: MessageItem | undefined },
  takeOver: (claimedId: string) => Promise<Appended>,
): Promise<Appended> => {
  let claim = pointer;
  for (let attempt = 1; ; attempt++) {
    const existing = await pointedMessage(claim, owner, retry.tip);
    if (existing) return retried(existing, retry);
    if (claim.seq !== undefined) throw new TooManyRequests(1); // written with its message: never without it
    if (claim.content !== undefined && claim.content !== contentKey(retry)) throw reused();
    // Marked first, so that a claiming send refused late cannot give the claim back from under our message.
    const due = Date.now() - (claim.claimedAt ?? 0) > CLAIM_PATIENCE_MS;
    if (due && (await takeOverClaim(owner, claim.messageId!))) return takeOver(claim.messageId!);
    if (!due) await backoff(attempt);
    const now = await getClientMessagePointer(owner);
    if (!now) throw new TooManyRequests(1);
    claim = now;
  }
};

/**
 * The claiming send's own store of its message, under the id it claimed. Its walk up starts from the tip it read in
 * its first round, which is safe only when that read was done before any retry could take the claim over
 * (CLAIM_PATIENCE_MS after the claim; see claimedRetry): a retry's copy in a slot below that tip would not be met by
 * the walk, which would store a second one above it. A first round that ended later than a third of that (a stalled
 * read; the rest is margin for the clocks of the two Lambdas) looks for the message first, as a retry does: found, it
 * is the answer (stored by a retry, `created: false`); not found, the walk starts from a tip read before that search.
 */
export const claimerStore = async (
  owner: PointerOwner,
  claim: { messageId: string; claimedAt: number },
  round: { tip?: MessageItem | undefined; readAt: number },
  store: (claimedId: string) => Promise<Appended>,
): Promise<Appended> => {
  if (round.readAt - claim.claimedAt > CLAIM_PATIENCE_MS / 3) {
    const existing = await pointedMessage(claim, owner, round.tip);
    if (existing) return { message: existing, created: false };
  }
  return store(claim.messageId);
};
