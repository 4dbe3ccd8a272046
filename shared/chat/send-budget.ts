import type { Identity } from '#shared/auth/identity';
import { getClientMessagePointer } from '#shared/chat/items/client-message-pointer';
import { config } from '#shared/config';
import { TooManyRequests } from '#shared/errors';
import { takeToken } from '#shared/rate-limit/token-bucket';
import { keys } from '#shared/table/keys';

/**
 * Every message sender is rate limited per user (API.md "Who may open what"): one token of the sender's bucket
 * (tenant, user; shared/rate-limit/token-bucket.ts) per message about to be stored, `SEND_RATE_PER_SECOND` (5) a
 * second with bursts of `SEND_BURST` (20). The two use cases that store messages take it, sendMessage and the opening
 * of a conversation with a message, so every channel is limited alike: HTTP, WebSocket, every dialect.
 *
 * Refused: 429 with Retry-After (whole seconds, at least 1), and the caller stores nothing. A retry is the exception:
 * a send whose clientMessageId already produced a message in this conversation goes through without a token (the
 * pointer is read only then), so a client that lost the answer to a send always gets its stored message (200),
 * never a 429. A retry that finds a token does spend it: telling a retry from a new send up front would cost a
 * read on every send.
 * Ordering: taken before the message is written. A token taken by a send that then fails (404, 409, a lost race)
 * is not given back; refusals take nothing.
 */
export const takeSendToken = async (
  sender: Pick<Identity, 'tenant' | 'userId'>,
  conversationId: string,
  clientMessageId?: string,
) => {
  const take = await takeToken(keys.rateBucket(sender.tenant, 'send', sender.userId), {
    ratePerSecond: config.sendRatePerSecond,
    burst: config.sendBurst,
  });
  if (take.taken) return;
  if (
    clientMessageId !== undefined &&
    (await getClientMessagePointer(sender.tenant, conversationId, sender.userId, clientMessageId))
  )
    return;
  throw new TooManyRequests(Math.max(1, Math.ceil(take.retryAfterMs / 1000)));
};
