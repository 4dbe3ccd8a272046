import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Identity, Role } from '#shared/auth/identity';
import { requireOpener } from '#shared/auth/roles';
import { backoff } from '#shared/backoff';
import { userItem } from '#shared/catalog/items/user';
import { clientMessagePointerItem } from '#shared/chat/items/client-message-pointer';
import { conversationNumberItem, nextConversationNumber } from '#shared/chat/items/conversation-number';
import { headItem } from '#shared/chat/items/head';
import { getMember, joinedParticipant, type MemberItem, newMemberItem } from '#shared/chat/items/member';
import { type MessageItem, messageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { TooManyRequests } from '#shared/errors';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { applyPolicy, assertMayPost } from '#shared/policy/screen-message';
import { db } from '#shared/table/client';
import { cancellationReasons, isTransactionConflict } from '#shared/table/errors';
import type { MemberKey } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import { requireParticipant } from './access';
import { announceMessage } from './announce-message';
import { appendMessage } from './append-message';
import { readHeadAndTip } from './conversation-store';
import type { ConversationSnapshot, ParticipantState } from './model';
import { takeSendToken } from './send-budget';
import { lastMessageOf } from './views';

export interface Party {
  slot: MemberKey;
  userId: string;
  role: Role;
  name?: string;
  email?: string;
}

export interface OpeningPlan {
  snapshot: Omit<ConversationSnapshot, 'createdAt' | 'members' | 'number'>;
  caller: Party;
  other: Party;
  /** `explicit`: the caller wrote it, so it is appended to an existing conversation too; else only opens a new one. */
  firstMessage?: { text: string; clientMessageId?: string; explicit: boolean };
  /** The caller's member item as the plan already read it (strongly consistent), saving the first round's read. */
  found?: { member: MemberItem | undefined };
}

export interface Opened {
  member: MemberItem;
  created: boolean;
  message?: MessageItem;
}

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
 * Idempotency: one conversation per (tenant, parties, topic): the id is deterministic and the header is put
 * with attribute_not_exists in the same transaction as both member items and the first message, so of many
 * concurrent creates exactly one commits (created: true) and the others find it (created: false). A message
 * appended to an existing conversation is de-duplicated by its clientMessageId, as in sendMessage (a retry gets it
 * back even when the rate limit would refuse a new message).
 * Ordering: the first message is seq 1 of the new conversation; an appended one gets the next seq like any send.
 * The push follows the commit and is done before this returns; a failed push never fails the opening.
 */
export const openConversation = async (identity: Identity, plan: OpeningPlan): Promise<Opened> => {
  const opened = await open(identity, plan);
  if (opened.message) await announceMessage(opened.message);
  return opened;
};

/**
 * openConversation, with other work on the opened conversation run in parallel with its announcement rather than
 * after it (support: whether any agent is online to answer). The same guarantees.
 */
export const openConversationAlongside = async <T>(
  identity: Identity,
  plan: OpeningPlan,
  alongside: (opened: Opened) => Promise<T>,
): Promise<[Opened, T]> => {
  const opened = await open(identity, plan);
  const [result] = await Promise.all([alongside(opened), opened.message && announceMessage(opened.message)]);
  return [opened, result];
};

/**
 * Opens a conversation without a first message (order rooms, the participants dialect): nothing is stored to
 * announce, so no push (and none of its code in those bundles). The same idempotency as openConversation.
 */
export const openEmptyConversation = (identity: Identity, plan: Omit<OpeningPlan, 'firstMessage'>): Promise<Opened> =>
  open(identity, { ...plan, firstMessage: undefined });

/**
 * Each create attempt draws a conversation number first; the number's alias is put in the same transaction,
 * so a conversation and its number exist together or not at all (a lost attempt leaves a gap, never a duplicate).
 * A create whose response is lost is retried by the SDK with the same ClientRequestToken, which DynamoDB answers
 * as the transaction that committed.
 */
const open = async (identity: Identity, plan: OpeningPlan): Promise<Opened> => {
  // The plan checked the caller's role before reading anything; this is the same rule on the plan itself.
  requireOpener(identity.role, plan.snapshot.kind);
  // The sender's token for the message this opening stores (none for an existing conversation and no explicit
  // message): taken once, however many rounds it takes.
  let token: Promise<void> | undefined;
  const senderToken = () => (token ??= takeSendToken(identity, plan.snapshot.id, plan.firstMessage?.clientMessageId));
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const existing =
      attempt === 1 && plan.found
        ? plan.found.member
        : await getMember(identity.tenant, plan.snapshot.id, plan.caller.slot, true);
    if (existing) return appendToExisting(identity, existing, plan, senderToken);
    try {
      return await create(identity.tenant, plan, senderToken);
    } catch (error) {
      // Another create committed the header first: the next round finds it.
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') continue;
      if (isTransactionConflict(error)) {
        await backoff(attempt);
        continue;
      }
      throw error;
    }
  }
  // Still losing races: safe to retry as is (the id is deterministic), so tell the client to.
  throw new TooManyRequests(1);
};

const appendToExisting = async (
  identity: Identity,
  member: MemberItem,
  plan: OpeningPlan,
  senderToken: () => Promise<void>,
): Promise<Opened> => {
  if (!plan.firstMessage?.explicit) return { member, created: false };
  const [{ head: found, tipSeq }] = await Promise.all([
    readHeadAndTip(identity.tenant, member.conversationId),
    senderToken(),
  ]);
  const { head } = requireParticipant(identity, found);
  assertMayPost(head, plan.caller.slot);
  const screened = await applyPolicy(head, plan.firstMessage.text);
  const { message } = await appendMessage({
    head,
    sender: plan.caller.slot,
    senderId: identity.userId,
    ...screened,
    ...(plan.firstMessage.clientMessageId !== undefined && { clientMessageId: plan.firstMessage.clientMessageId }),
    nextSeq: tipSeq + 1,
  });
  return { member, created: false, message };
};

const create = async (tenant: string, plan: OpeningPlan, senderToken: () => Promise<void>): Promise<Opened> => {
  const [number] = await Promise.all([nextConversationNumber(tenant), plan.firstMessage && senderToken()]);
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
  const unread = (slot: MemberKey) => (message && slot !== plan.caller.slot ? 1 : 0);
  const participants = Object.fromEntries(
    parties.map((p): [MemberKey, ParticipantState] => [p.slot, joinedParticipant(p, unread(p.slot))]),
  );
  const state = { participants, lastSeq: message ? 1 : 0, lastMessage: message ? lastMessageOf(message) : null };
  const members = parties.map((p) => newMemberItem(tenant, snapshot, p, state));
  const TableName = config.tableName;
  const isNew = 'attribute_not_exists(PK)';
  const puts: NonNullable<TransactWriteCommandInput['TransactItems']> = [
    { Put: { TableName, Item: head, ConditionExpression: isNew } },
    ...members.map((Item) => ({ Put: { TableName, Item } })),
    { Put: { TableName, Item: userItem(tenant, plan.caller, now) } },
    { Put: { TableName, Item: conversationNumberItem(tenant, number, snapshot.id), ConditionExpression: isNew } },
  ];
  if (message) puts.push({ Put: { TableName, Item: message } });
  if (message?.clientMessageId !== undefined)
    puts.push({
      Put: { TableName, Item: clientMessagePointerItem({ ...message, clientMessageId: message.clientMessageId }) },
    });
  await db().send(new TransactWriteCommand({ TransactItems: puts }));
  if (message) countMetric(METRIC.messagesSent);
  return { member: members[0]!, created: true, ...(message && { message }) };
};
