import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Identity, Role } from '#shared/auth/identity';
import { requireOpener } from '#shared/auth/roles';
import { backoff } from '#shared/backoff';
import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { userItem } from '#shared/catalog/items/user';
import {
  type ClientMessagePointerItem,
  clientMessagePointerItem,
  getClientMessagePointer,
  overDeadClaim,
  pointerOwner,
} from '#shared/chat/items/client-message-pointer';
import {
  claimConversationNumber,
  conversationNumberItem,
  nextConversationNumber,
  readConversationCounter,
} from '#shared/chat/items/conversation-number';
import { type HeadItem, headItem } from '#shared/chat/items/head';
import { joinedParticipant, type MemberItem, newMemberItem } from '#shared/chat/items/member';
import { type MessageItem, messageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { TooManyRequests } from '#shared/errors';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { cachedPolicy } from '#shared/policy/policy';
import { applyPolicy, assertMayPost } from '#shared/policy/screen-message';
import { db } from '#shared/table/client';
import {
  type CancellationReason,
  cancellationReasons,
  cancelledItem,
  isTransactionConflict,
} from '#shared/table/errors';
import type { MemberKey } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import { requireParticipant } from './access';
import { announceMessage } from './announce-message';
import { type Appended, appendMessage, claimedRetry, type NewMessage } from './append-message';
import { appendTogether } from './append-together';
import { readOpening } from './conversation-store';
import { type Audience, audienceOf } from './fan-out';
import type { ConversationSnapshot, ParticipantState } from './model';
import { sendTokenInTransaction, takeSendToken } from './send-budget';
import { lastMessageOf } from './views';

export interface Party {
  slot: MemberKey;
  userId: string;
  role: Role;
  name?: string;
  email?: string;
}

/** A message the caller wrote. */
export interface Line {
  text: string;
  clientMessageId?: string;
}

export interface OpeningPlan {
  snapshot: Omit<ConversationSnapshot, 'createdAt' | 'members' | 'number'>;
  caller: Party;
  other: Party;
  /** `explicit`: the caller wrote it, so it is appended to an existing conversation too; else only opens a new one. */
  firstMessage?: Line & { explicit: boolean };
  /**
   * A second message the caller wrote with an explicit first one (newChat's product line, then the caller's own):
   * stored in the same write, with the next seq, so the two are consecutive and stored together or not at all. Its
   * token and pointer are read in the round, so the round must be started for it (startOpening).
   */
  followUp?: Line;
  /** The opening's first round trip, started by the plan alongside its own last read (startOpening). */
  round?: OpeningRound;
  /**
   * Where else this conversation may be (product conversations: productConversationPlan). A conversation found at
   * `snapshot.id` without `other` among its participants is not this one, and `snapshot.id` is created only while
   * `id` holds no conversation (`vacant`, a ConditionCheck in the creating transaction, built by the plan so that
   * the functions whose plans never move are granted no ConditionCheck); either way the opening goes on at `id`.
   */
  elsewhere?: { id: string; vacant: TransactItem };
  /**
   * What the plan relied on without reading it (a product's copy of its seller's directory entry): a ConditionCheck
   * the creating transaction carries, asking for ALL_OLD. When it fails, `remake` gives the plan again from the
   * checked item as it is now (undefined when gone), or throws (422).
   */
  madeUnder?: { check: TransactItem; remake: (plan: OpeningPlan, found: unknown) => OpeningPlan };
  /**
   * A write that rides along in the creating transaction (refreshing that copy), left out of the next attempt when
   * it is refused or the attempt met another transaction: it never keeps the conversation from being created.
   */
  rider?: TransactItem;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Opened {
  member: MemberItem;
  created: boolean;
  message?: MessageItem;
  /** The plan's follow-up, as stored (or found stored: a retry) right after `message`. */
  followUp?: MessageItem;
}

/** What an opening reads before it writes (startOpening). */
interface RoundResult {
  /** The conversation as it stands (readOpening): the caller's member item and the header, if it exists; the tip. */
  member?: MemberItem | undefined;
  head?: HeadItem | undefined;
  tip?: MessageItem | undefined;
  /** The tenant's conversation counter: a new conversation claims the number after it in its own transaction. */
  counter: number;
  /** The written message's clientMessageId already stored or claimed a message (a retry): its pointer. */
  retryOf?: ClientMessagePointerItem | undefined;
  /** The same for the plan's follow-up. */
  followUpRetryOf?: ClientMessagePointerItem | undefined;
  /** The sender's token was taken: for a message the caller wrote, stored whether the conversation is new or not. */
  tokenTaken: boolean;
  /** The message (and follow-up) the round was started for (its tokens and pointers are theirs). */
  startedFor: { explicit: boolean; clientMessageId?: string | undefined; followUp?: FollowUpOfRound | undefined };
}

/** What a round needs of a follow-up: its clientMessageId (its pointer), and that there is one (its token). */
type FollowUpOfRound = Pick<Line, 'clientMessageId'>;

/** The first round trip, settled: a plan's own refusal (422) comes before the round's (429), whichever came first. */
export type OpeningRound = { ok: true; value: RoundResult } | { ok: false; error: unknown };

const MAX_ATTEMPTS = 20;

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

/** What was opened, and the connections its message goes to (looked up alongside the write). */
interface Opening {
  opened: Opened;
  audience?: Audience | undefined;
}

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

/** The items of a creating transaction whose refusal the opening answers (open), by name. */
type CreateItem =
  | 'header'
  | 'alias'
  | 'claim'
  | 'token'
  | 'elsewhere'
  | 'madeUnder'
  | 'rider'
  | 'pointer'
  | 'followUpPointer';

/** A create attempt that did not commit: each named item's cancellation reason; `conflict`, a race to retry as is. */
interface Refused {
  refused: Partial<Record<CreateItem, CancellationReason>>;
  conflict: boolean;
  error: unknown;
}

/**
 * One create attempt: `numbering` is the counter as read (the number after it is claimed in this transaction) or
 * `next` (a number is taken from the counter first); `token`, the sender's token as a transaction item, when it is
 * taken here. Transaction items: the header, the number's alias, the counter's claim (when claimed here), the token
 * (when taken here), the check that `plan.elsewhere` holds no conversation, the plan's own check (`madeUnder`) and
 * its rider, then the member items, the caller's profile, the first message and its clientMessageId's pointer (not
 * over a send's live claim: overDeadClaim), the follow-up and its pointer (the same). The follow-up (seq 2) is a
 * message like any send's: the stream applies it to the member items, which the opening writes as of the first
 * message. A cancelled transaction is answered as Refused, naming why; any other failure is thrown.
 */
const create = async (
  tenant: string,
  plan: OpeningPlan,
  numbering: number | 'next',
  token: ReturnType<typeof sendTokenInTransaction> | undefined,
): Promise<Opening | Refused> => {
  const { value: number, write: claim } =
    numbering === 'next'
      ? { value: await nextConversationNumber(tenant), write: undefined }
      : claimConversationNumber(tenant, numbering);
  const now = nowIso();
  const snapshot: ConversationSnapshot = {
    ...plan.snapshot,
    number,
    createdAt: now,
    members: [plan.caller.slot, plan.other.slot],
  };
  const parties = [plan.caller, plan.other];
  const head = headItem(tenant, snapshot, parties);
  const first = plan.firstMessage && { ...plan.firstMessage, ...(await applyPolicy(head, plan.firstMessage.text)) };
  const message =
    first &&
    messageItem(head, {
      seq: 1,
      sender: plan.caller.slot,
      senderId: plan.caller.userId,
      text: first.text,
      original: first.original,
      clientMessageId: first.clientMessageId,
      createdAt: now,
      opensConversation: true,
    });
  const followUp =
    message &&
    plan.followUp &&
    messageItem(head, {
      seq: 2,
      sender: plan.caller.slot,
      senderId: plan.caller.userId,
      ...(await applyPolicy(head, plan.followUp.text)),
      clientMessageId: plan.followUp.clientMessageId,
      createdAt: now,
    });
  const unread = (slot: MemberKey) => (message && slot !== plan.caller.slot ? 1 : 0);
  const participants = Object.fromEntries(
    parties.map((p): [MemberKey, ParticipantState] => [p.slot, joinedParticipant(p, unread(p.slot))]),
  );
  const state = { participants, lastSeq: message ? 1 : 0, lastMessage: message ? lastMessageOf(message) : null };
  const members = parties.map((p) => newMemberItem(tenant, snapshot, p, state));
  const TableName = config.tableName;
  const isNew = 'attribute_not_exists(PK)';
  const items: Array<[CreateItem | undefined, TransactItem]> = [
    ['header', { Put: { TableName, Item: head, ConditionExpression: isNew } }],
    [
      'alias',
      { Put: { TableName, Item: conversationNumberItem(tenant, number, snapshot.id), ConditionExpression: isNew } },
    ],
  ];
  if (claim) items.push(['claim', claim]);
  if (token) items.push(['token', token]);
  if (plan.elsewhere) items.push(['elsewhere', plan.elsewhere.vacant]);
  if (plan.madeUnder) items.push(['madeUnder', plan.madeUnder.check]);
  if (plan.rider) items.push(['rider', plan.rider]);
  for (const Item of [...members, userItem(tenant, plan.caller, now)])
    items.push([undefined, { Put: { TableName, Item } }]);
  for (const [stored, pointer] of [
    [message, 'pointer'],
    [followUp, 'followUpPointer'],
  ] as const) {
    if (stored) items.push([undefined, { Put: { TableName, Item: stored } }]);
    if (stored?.clientMessageId !== undefined) {
      const Item = clientMessagePointerItem({ ...stored, clientMessageId: stored.clientMessageId });
      items.push([pointer, { Put: { TableName, Item, ...overDeadClaim() } }]);
    }
  }
  // The participants' connections, for the first message's push, looked up while the transaction is in flight.
  const audience = message && audienceOf(head);
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items.map(([, item]) => item) }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons && !isTransactionConflict(error)) throw error;
    const refused = Object.fromEntries(items.flatMap(([name], i) => (name ? [[name, reasons?.[i] ?? {}]] : [])));
    return { refused, conflict: isTransactionConflict(error), error };
  }
  if (message) countMetric(METRIC.messagesSent, followUp ? 2 : 1);
  return {
    opened: { member: members[0]!, created: true, ...(message && { message }), ...(followUp && { followUp }) },
    audience,
  };
};
