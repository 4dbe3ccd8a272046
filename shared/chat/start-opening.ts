import type { Identity } from '#shared/auth/identity';
import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { getClientMessagePointer, pointerOwner } from '#shared/chat/items/client-message-pointer';
import { readConversationCounter } from '#shared/chat/items/conversation-number';
import { cachedPolicy } from '#shared/policy/policy';
import { readOpening } from './conversation-store';
import type { FollowUpOfRound, OpeningPlan, OpeningRound, Party } from './opening-types';
import { takeSendToken } from './send-budget';

/**
 * Starts an opening's first round trip, everything it reads before writing, at once: the conversation as it stands
 * (one Query: the caller's member item, the header, the tip), the tenant's conversation counter, and for a message
 * the caller wrote, the sender's token, its clientMessageId's pointer and the tenant's policy (a filled-in first
 * message needs the policy too, and its token only once the conversation is known to be new); with a follow-up, the
 * two messages' tokens at once (all or none) and its pointer too. A plan starts it alongside its own last read, so
 * that opening an existing conversation reads once and a new one writes next.
 * Never rejects: the outcome is settled, and the opening throws a failure when it gets there.
 */
export const startOpening = (
  identity: Identity,
  plan: {
    snapshot: { id: string };
    caller: Pick<Party, 'slot'>;
    /** What the round needs of the first message: whether the caller wrote it, and its clientMessageId. */
    firstMessage?: Omit<NonNullable<OpeningPlan['firstMessage']>, 'text'> | undefined;
    followUp?: FollowUpOfRound | undefined;
  },
): Promise<OpeningRound> => {
  const { tenant } = identity;
  const first = plan.firstMessage;
  const followUp = first?.explicit ? plan.followUp : undefined;
  const pointerOf = (line: FollowUpOfRound | undefined) =>
    line?.clientMessageId === undefined
      ? undefined
      : getClientMessagePointer(pointerOwner(identity, plan.snapshot.id, line.clientMessageId));
  const pointer = first?.explicit ? pointerOf(first) : undefined;
  const followUpPointer = pointerOf(followUp);
  // Two messages go through without tokens only when both are retries.
  const retry = followUp ? Promise.all([pointer, followUpPointer]).then(([a, b]) => (b ? a : undefined)) : pointer;
  return Promise.all([
    readOpening(tenant, plan.snapshot.id, plan.caller.slot),
    readConversationCounter(tenant),
    pointer,
    followUpPointer,
    first?.explicit && takeSendToken(identity, retry, followUp ? 2 : 1),
    first && cachedPolicy(tenant),
    // A token issued before its user's erasure opens nothing (401): an opening stores the caller's name and address.
    refuseIfErased(identity),
  ]).then(
    ([found, counter, retryOf, followUpRetryOf]): OpeningRound => ({
      ok: true,
      value: {
        ...found,
        counter,
        ...(retryOf && { retryOf }),
        ...(followUpRetryOf && { followUpRetryOf }),
        tokenTaken: first?.explicit === true,
        startedFor: {
          explicit: first?.explicit === true,
          clientMessageId: first?.clientMessageId,
          ...(followUp && { followUp: { clientMessageId: followUp.clientMessageId } }),
        },
      },
    }),
    (error: unknown): OpeningRound => ({ ok: false, error }),
  );
};
