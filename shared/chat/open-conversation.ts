import type { Identity } from '#shared/auth/identity';
import { requireOpener } from '#shared/auth/roles';
import { backoff } from '#shared/backoff';
import { getClientMessagePointer, pointerOwner } from '#shared/chat/items/client-message-pointer';
import type { MemberItem } from '#shared/chat/items/member';
import { TooManyRequests } from '#shared/errors';
import { applyPolicy, assertMayPost } from '#shared/policy/screen-message';
import { cancelledItem } from '#shared/table/errors';
import { requireParticipant } from './access';
import { announceMessage } from './announce-message';
import { type Appended, appendMessage, type NewMessage } from './append-message';
import { appendTogether } from './append-together';
import { claimedRetry } from './client-message-claims';
import { readOpening } from './conversation-store';
import { type CreateItem, create } from './create-conversation';
import { audienceOf } from './fan-out';
import type { Line, Opened, Opening, OpeningPlan, RoundResult } from './opening-types';
import { sendTokenInTransaction, takeSendToken } from './send-budget';
import { startOpening } from './start-opening';

const MAX_ATTEMPTS = 20;

/**
 * Opens the conversation the plan describes, or returns the existing one, and announces the message it stored:
 * the first message of a new conversation, or an explicit message appended to an existing one
 * (`message.created` to every live connection of both participants, as sendMessage does).
 *
 * Who may open what is the rule of shared/auth/roles.ts (403): the plan checks it before it reads anything, and
 * this again before anything is written. A message to store takes a token of the sender's rate limit first
 * (send-budget.ts: 429, nothing stored); opening without storing a message takes none.
 * The first message passes the same trust-and-safety checks as any send (the tenant's contact-information policy;
 * appended to an existing conversation, also the block check).
 *
 * Round trips: the first round (startOpening) reads everything the write depends on; the write follows, while the
 * participants' connections are looked up for the push. An existing conversation without a message to append is
 * answered from the first round alone. One more when the conversation turns out to be at the plan's other id
 * (`elsewhere`), or what the plan relied on changed (`madeUnder`).
 *
 * Idempotency: one conversation per (tenant, parties, topic): the id is deterministic and the header is put
 * with attribute_not_exists in the same transaction as both member items and the first message, so of many
 * concurrent creates exactly one commits (created: true) and the others find it (created: false). A plan with a
 * second possible id (product conversations) says why that still makes one (productConversationPlan). A message
 * appended to an existing conversation is de-duplicated by its clientMessageId, as in sendMessage (a retry gets it
 * back, without a write, even when the rate limit would refuse a new message).
 * Ordering: the first message is seq 1 of the new conversation; an appended one gets the next seq like any send. A
 * follow-up is stored by the same write as the first message, at the seq after it (two messages appended to an
 * existing conversation: append-together.ts), and each of them is de-duplicated by its own clientMessageId.
 * The push follows the commit (an opening that fails pushes nothing), in seq order, and is done before this
 * returns; a failed push never fails the opening.
 */
export const openConversation = async (identity: Identity, plan: OpeningPlan): Promise<Opened> => {
  const { opened, audience } = await open(identity, plan);
  // In seq order: the follow-up after the first message.
  for (const stored of [opened.message, opened.followUp])
    if (stored) await announceMessage(stored, undefined, undefined, audience);
  return opened;
};

/**
 * Opens a conversation without a first message (order rooms, the participants dialect): nothing is stored to
 * announce, so no push (and none of its code in those bundles). The same idempotency as openConversation.
 */
export const openEmptyConversation = async (
  identity: Identity,
  plan: Omit<OpeningPlan, 'firstMessage'>,
): Promise<Opened> => {
  const { opened } = await open(identity, { ...plan, firstMessage: undefined });
  return opened;
};

/**
 * A new conversation's number is the one after the counter as the first round read it, claimed in the creating
 * transaction (claimConversationNumber); a create that lost it to another conversation takes the next one from the
 * counter (an atomic ADD) before its next attempt. Either way the number's alias is put in the same transaction as
 * the conversation, so the two exist together or not at all (a number lost with an attempt leaves a gap, never a
 * duplicate). A create whose response is lost is retried by the SDK with the same ClientRequestToken, which
 * DynamoDB answers as the transaction that committed.
 */
const open = async (identity: Identity, initial: OpeningPlan): Promise<Opening> => {
  let plan = initial;
  // The plan checked the caller's role before reading anything; this is the same rule on the plan itself.
  requireOpener(identity.role, plan.snapshot.kind);
  const settled = plan.round ?? (await startOpening(identity, plan));
  if (!settled.ok) throw settled.error;
  let round: RoundResult = settled.value;
  // A caller may give the plan another message than the one its round was started for (a dialect's own first line):
  // then the round's token and pointer are not this message's, and the message takes its own.
  const first = plan.firstMessage;
  const started = round.startedFor;
  const sameFirst =
    started.explicit === (first?.explicit === true) && started.clientMessageId === first?.clientMessageId;
  const sameFollowUp =
    !started.followUp === !plan.followUp && started.followUp?.clientMessageId === plan.followUp?.clientMessageId;
  // (Two messages' tokens are taken at once, in the round: a follow-up cannot take its own later.)
  if (!sameFollowUp || (plan.followUp && !sameFirst))
    throw new Error('An opening with a follow-up is given the messages its round was started for');
  if (!sameFirst) round = { ...round, tokenTaken: false, retryOf: undefined };
  let numbering: number | 'next' = round.counter;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (round.member && plan.elsewhere && !round.member.conversation.members.includes(plan.other.slot)) {
      ({ plan, round } = await moveElsewhere(identity, plan, round));
      continue;
    }
    if (round.member) return appendToExisting(identity, { ...round, member: round.member }, plan);
    // A filled-in first message is stored only in a new conversation: its token is taken in the creating transaction.
    const token = plan.firstMessage && !round.tokenTaken ? sendTokenInTransaction(identity) : undefined;
    const tried = await create(identity.tenant, plan, numbering, token);
    if ('opened' in tried) return tried;
    const lost = (item: CreateItem) => tried.refused[item]?.Code === 'ConditionalCheckFailed';
    // Another create committed the header first (or is committing it): the next round finds it.
    const raced = lost('header') || tried.conflict;
    // The bucket was not full: the token is taken on its own (429 when refused), then the create is tried again.
    const tokenless = token !== undefined && lost('token');
    // Our number went to another conversation (its alias, or the counter moved on): take the next one.
    const renumber = lost('alias') || lost('claim');
    // The conversation is elsewhere (plan.elsewhere); what the plan relied on no longer holds (plan.madeUnder).
    const moved = lost('elsewhere');
    const stale = lost('madeUnder');
    const unseated = lost('rider');
    // A send to this conversation claimed a message's clientMessageId: it is about to find no conversation and
    // give the claim back (overDeadClaim), so try again.
    const claimHeld = lost('pointer') || lost('followUpPointer');
    if (!raced && !tokenless && !renumber && !moved && !stale && !unseated && !claimHeld) throw tried.error;
    // (Not when it raced: the conversation may exist now, and a filled-in message then needs no token.)
    if (tokenless && !raced) {
      await takeSendToken(identity);
      round = { ...round, tokenTaken: true };
    }
    if (raced || renumber) numbering = 'next';
    if (tried.conflict || claimHeld) await backoff(attempt);
    // A rider refused, or met by another transaction, is left out: it must not keep the conversation from being made.
    if (unseated || tried.conflict) plan = { ...plan, rider: undefined };
    if (stale && plan.madeUnder) plan = plan.madeUnder.remake(plan, cancelledItem(tried.refused.madeUnder));
    if (moved) ({ plan, round } = await moveElsewhere(identity, plan, round));
    else if (raced) round = { ...round, ...(await readOpening(identity.tenant, plan.snapshot.id, plan.caller.slot)) };
  }
  // Still losing races: safe to retry as is (the id is deterministic), so tell the client to.
  throw new TooManyRequests(1);
};

/**
 * The opening goes on at `plan.elsewhere`: the conversation there as it stands, read as the first round read the
 * plan's own id, and for the messages the round took tokens for, their clientMessageIds' pointers there. Never moves
 * twice: the plan there has no elsewhere.
 */
const moveElsewhere = async (identity: Identity, plan: OpeningPlan, round: RoundResult) => {
  const id = plan.elsewhere!.id;
  const pointerThere = (cmid: string | undefined) =>
    round.tokenTaken && cmid !== undefined ? getClientMessagePointer(pointerOwner(identity, id, cmid)) : undefined;
  const [found, retryOf, followUpRetryOf] = await Promise.all([
    readOpening(identity.tenant, id, plan.caller.slot),
    pointerThere(plan.firstMessage?.clientMessageId),
    pointerThere(plan.followUp?.clientMessageId),
  ]);
  return {
    plan: { ...plan, snapshot: { ...plan.snapshot, id }, elsewhere: undefined },
    round: { ...round, ...found, retryOf, followUpRetryOf },
  };
};

const appendToExisting = async (
  identity: Identity,
  round: RoundResult & { member: MemberItem },
  plan: OpeningPlan,
): Promise<Opening> => {
  const { member } = round;
  if (!plan.firstMessage?.explicit) return { opened: { member, created: false } };
  const { head } = requireParticipant(identity, round.head);
  assertMayPost(head, plan.caller.slot);
  const ownerOf = (line: Line) =>
    line.clientMessageId === undefined ? undefined : pointerOwner(identity, head.id, line.clientMessageId);
  let { retryOf } = round;
  if (!round.tokenTaken) {
    // A message given after the round started (never with a follow-up: open): its token, and its pointer, now.
    const owner = ownerOf(plan.firstMessage);
    const pointer = owner && getClientMessagePointer(owner);
    [retryOf] = await Promise.all([pointer, takeSendToken(identity, pointer)]);
  }
  const audience = audienceOf(head);
  const lines = [plan.firstMessage, ...(plan.followUp ? [plan.followUp] : [])];
  const pointers = [retryOf, round.followUpRetryOf];
  const screened = await Promise.all(lines.map((line) => applyPolicy(head, line.text)));
  const newMessage = (i: number, claimedId?: string): NewMessage => ({
    head,
    sender: plan.caller.slot,
    senderId: identity.userId,
    ...screened[i]!,
    ...(lines[i]!.clientMessageId !== undefined && { clientMessageId: lines[i]!.clientMessageId }),
    ...(claimedId !== undefined && { claimedId }),
    nextSeq: (round.tip?.seq ?? 0) + 1,
  });
  // A line whose clientMessageId an earlier try stored (or a send claimed) is a retry (claimedRetry); the others are
  // appended, the message and its pointer in one transaction: both lines in one (append-together.ts).
  const retryOfLine = (i: number) => {
    const owner = ownerOf(lines[i]!);
    const pointer = pointers[i];
    const store = (claimedId: string) => appendMessage(newMessage(i, claimedId));
    return owner && pointer && claimedRetry(owner, pointer, { written: lines[i]!.text, tip: round.tip }, store);
  };
  // Retries only read, unless one takes a dead send's claim over and stores its line: then one by one, in order.
  const found: Array<Appended | undefined> = [];
  if (pointers.some((p) => p && p.seq === undefined)) for (const i of lines.keys()) found.push(await retryOfLine(i));
  else found.push(...(await Promise.all(lines.map((_, i) => retryOfLine(i)))));
  const fresh = lines.flatMap((_, i) => (found[i] ? [] : [newMessage(i)]));
  const appended = fresh.length > 1 ? await appendTogether(fresh) : await Promise.all(fresh.map(appendMessage));
  const [message, followUp] = found.map((f) => (f ?? appended.shift()!).message);
  return { opened: { member, created: false, message, ...(followUp && { followUp }) }, audience };
};
