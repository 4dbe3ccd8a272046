import type { Identity } from '#shared/auth/identity';
import type { ClientMessagePointerItem } from '#shared/chat/items/client-message-pointer';
import { config } from '#shared/config';
import { TooManyRequests } from '#shared/errors';
import { fullBucketTake, takeToken } from '#shared/rate-limit/token-bucket';
import { keys } from '#shared/table/keys';

/**
 * Every message sender is rate limited per user (API.md "Who may open what"): one token of the sender's bucket
 * (tenant, user; shared/rate-limit/token-bucket.ts) per message about to be stored, `SEND_RATE_PER_SECOND` (5) a
 * second with bursts of `SEND_BURST` (20). The two use cases that store messages take it, sendMessage and the opening
 * of a conversation with a message, so every channel is limited alike: HTTP, WebSocket, every dialect.
 *
 * Refused: 429 with Retry-After (whole seconds, at least 1), and the caller stores nothing. A retry is the exception:
 * a send whose clientMessageId already produced a message in this conversation goes through without a token, so a
 * client that lost the answer to a send always gets its stored message (200), never a 429. `retry` is the lookup of
 * that clientMessageId's pointer, which the caller starts alongside the take (it also answers a retry without a
 * write), so telling a retry apart costs the refusal no round trip of its own. A retry that finds a token does spend
 * it.
 * Messages stored by one write (a dialect's two lines in one opening: `count` 2) take their tokens at once, all or
 * none; `retry` then says that every one of them is a retry.
 * Ordering: taken before the message is written. A token taken by a send that then fails (404, 409, 422, a lost race)
 * is not given back; refusals take nothing.
 */
export const takeSendToken = async (
  sender: Pick<Identity, 'tenant' | 'userId'>,
  retry?: Promise<ClientMessagePointerItem | undefined>,
  count = 1,
) => {
  const take = await takeToken(sendBucket(sender), sendLimit(), Date.now(), count);
  if (take.taken || (retry && (await retry))) return;
  throw new TooManyRequests(Math.max(1, Math.ceil(take.retryAfterMs / 1000)));
};

/**
 * The sender's token as an item of the transaction that stores the message (fullBucketTake): for a message whose
 * need of a token is known only with the read before its write (the filled-in first message of a new conversation).
 * When that transaction is cancelled on this item, take the token with takeSendToken (429 when refused) and write
 * again without it.
 */
export const sendTokenInTransaction = (sender: Pick<Identity, 'tenant' | 'userId'>) =>
  fullBucketTake(sendBucket(sender), sendLimit());

const sendBucket = (sender: Pick<Identity, 'tenant' | 'userId'>) =>
  keys.rateBucket(sender.tenant, 'send', sender.userId);
const sendLimit = () => ({ ratePerSecond: config.sendRatePerSecond, burst: config.sendBurst });
