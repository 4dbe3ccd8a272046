import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#shared/auth/identity';
import type { ClientMessagePointerItem } from '#shared/chat/items/client-message-pointer';
import type { HeadItem } from '#shared/chat/items/head';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import type { MemberKey } from '#shared/table/keys';
import type { Audience } from './fan-out';
import type { ConversationSnapshot } from './model';

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

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Opened {
  member: MemberItem;
  created: boolean;
  message?: MessageItem;
  /** The plan's follow-up, as stored (or found stored: a retry) right after `message`. */
  followUp?: MessageItem;
}

/** What an opening reads before it writes (startOpening). */
export interface RoundResult {
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
export type FollowUpOfRound = Pick<Line, 'clientMessageId'>;

/** The first round trip, settled: a plan's own refusal (422) comes before the round's (429), whichever came first. */
export type OpeningRound = { ok: true; value: RoundResult } | { ok: false; error: unknown };

/** What was opened, and the connections its message goes to (looked up alongside the write). */
export interface Opening {
  opened: Opened;
  audience?: Audience | undefined;
}
