import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity, Role } from '#shared/auth/identity';
import { backoff } from '#shared/backoff';
import type { UserItem } from '#shared/catalog/items';
import { config } from '#shared/config';
import { TooManyRequests } from '#shared/errors';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { db } from '#shared/table/client';
import { cancellationReasons, isTransactionConflict } from '#shared/table/errors';
import { keys, type MemberKey } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import { requireParticipant } from './access';
import { appendMessage, newMessageItem } from './append-message';
import { conversationNumberItem, nextConversationNumber } from './conversation-number';
import { readHeadAndTip, readMember } from './conversation-store';
import type { ConversationSnapshot, HeadItem, MemberItem, MessageItem, ParticipantState } from './model';
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
 * Opens the conversation the plan describes, or returns the existing one.
 * One conversation per (tenant, parties, topic): the id is deterministic and the header is put with
 * attribute_not_exists in the same transaction as both member items and the first message, so of many
 * concurrent creates exactly one commits and the others find it (created: false).
 * Each create attempt draws a conversation number first; the number's alias is put in the same transaction,
 * so a conversation and its number exist together or not at all (a lost attempt leaves a gap, never a duplicate).
 * A create whose response is lost is retried by the SDK with the same ClientRequestToken, which DynamoDB answers
 * as the transaction that committed.
 */
export const openConversation = async (identity: Identity, plan: OpeningPlan): Promise<Opened> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const existing =
      attempt === 1 && plan.found
        ? plan.found.member
        : await readMember(identity.tenant, plan.snapshot.id, plan.caller.slot, true);
    if (existing) return appendToExisting(identity, existing, plan);
    try {
      return await create(identity.tenant, plan);
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

const appendToExisting = async (identity: Identity, member: MemberItem, plan: OpeningPlan): Promise<Opened> => {
  if (!plan.firstMessage?.explicit) return { member, created: false };
  const { head: found, tipSeq } = await readHeadAndTip(identity.tenant, member.conversationId);
  const { head } = requireParticipant(identity, found);
  const { message } = await appendMessage({
    head,
    sender: plan.caller.slot,
    senderId: identity.userId,
    text: plan.firstMessage.text,
    ...(plan.firstMessage.clientMessageId !== undefined && { clientMessageId: plan.firstMessage.clientMessageId }),
    nextSeq: tipSeq + 1,
  });
  return { member, created: false, message };
};

const create = async (tenant: string, plan: OpeningPlan): Promise<Opened> => {
  const number = await nextConversationNumber(tenant);
  const now = nowIso();
  const snapshot: ConversationSnapshot = {
    ...plan.snapshot,
    number,
    createdAt: now,
    members: [plan.caller.slot, plan.other.slot],
  };
  const parties = [plan.caller, plan.other];
  const head: HeadItem = {
    ...keys.head(tenant, snapshot.id),
    ...snapshot,
    entity: 'conversation',
    tenant,
    emails: Object.fromEntries(parties.filter((p) => p.email).map((p) => [p.slot, p.email])),
    names: Object.fromEntries(parties.filter((p) => p.name).map((p) => [p.slot, p.name])),
  };
  const message = plan.firstMessage && firstMessageItem(head, plan.caller, plan.firstMessage, now);
  const unread = (slot: MemberKey) => (message && slot !== plan.caller.slot ? 1 : 0);
  const participants = Object.fromEntries(
    parties.map((p): [MemberKey, ParticipantState] => [
      p.slot,
      {
        userId: p.userId,
        role: p.role,
        ...(p.name !== undefined && { name: p.name }),
        joinedAt: now,
        unreadCount: unread(p.slot),
        lastReadSeq: 0,
        lastReadAt: null,
      },
    ]),
  );
  const members = parties.map(
    (p): MemberItem => ({
      ...keys.member(tenant, snapshot.id, p.slot),
      entity: 'member',
      tenant,
      conversationId: snapshot.id,
      member: p.slot,
      ...(p.email !== undefined && { email: p.email }),
      archived: false,
      lastSeq: message ? 1 : 0,
      lastMessage: message ? lastMessageOf(message) : null,
      updatedAt: now,
      conversation: snapshot,
      participants,
      GSI1PK: keys.inboxPk(tenant, p.slot, false),
      GSI1SK: keys.inboxSk(now, snapshot.id),
      ...(unread(p.slot) > 0 && { GSI2PK: keys.unreadPk(tenant, p.slot) }),
    }),
  );
  const TableName = config.tableName;
  const puts: object[] = [
    { Put: { TableName, Item: head, ConditionExpression: 'attribute_not_exists(PK)' } },
    ...members.map((Item) => ({ Put: { TableName, Item } })),
    { Put: { TableName, Item: userProfile(tenant, plan.caller, now) } },
    {
      Put: {
        TableName,
        Item: conversationNumberItem(tenant, number, snapshot.id),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ];
  if (message) puts.push({ Put: { TableName, Item: message } });
  if (message?.clientMessageId !== undefined) {
    const pointer = keys.clientMessageId(tenant, snapshot.id, plan.caller.userId, message.clientMessageId);
    puts.push({ Put: { TableName, Item: { ...pointer, entity: 'client-message-id', seq: 1 } } });
  }
  await db().send(new TransactWriteCommand({ TransactItems: puts as never }));
  if (message) countMetric(METRIC.messagesSent);
  return { member: members[0]!, created: true, ...(message && { message }) };
};

/** Remembers the opener, so others can address them (participantId) and be told by email. */
const userProfile = (tenant: string, party: Party, now: string): UserItem => ({
  ...keys.user(tenant, party.userId),
  entity: 'user',
  tenant,
  userId: party.userId,
  role: party.role,
  ...(party.name !== undefined && { name: party.name }),
  ...(party.email !== undefined && { email: party.email }),
  updatedAt: now,
});

const firstMessageItem = (
  head: HeadItem,
  sender: Party,
  first: NonNullable<OpeningPlan['firstMessage']>,
  now: string,
): MessageItem => ({
  ...newMessageItem(head, sender.slot, sender.userId, first.text, first.clientMessageId, 1),
  createdAt: now,
  opensConversation: true,
});
