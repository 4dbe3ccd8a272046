import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/auth/identity';
import { sellerView } from '#shared/catalog/directory';
import { getSeller } from '#shared/catalog/items/seller';
import { getUser, type UserItem } from '#shared/catalog/items/user';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { conversationView } from '#shared/chat/views';
import { config } from '#shared/config';
import { ValidationFailed } from '#shared/errors';
import { randomId } from '#shared/ids';
import { type CursorScope, openCursor, sealCursor } from '#shared/table/cursor';
import { INDEXES } from '#shared/table/definition';
import { keys, LAST_LOG_KEY, type MemberKey, seqSortKey, userMember } from '#shared/table/keys';
import { queryAll, queryPages } from '#shared/table/query';
import { nowIso } from '#shared/time';
import { auditItem, putAudit } from './items/audit';
import { reportsFiledIn } from './items/report';
import { teamAuthorships } from './items/team-authorship';
import { reportView } from './reports';
import { messageWithOriginal } from './views';

/** Where the next page of an export's messages starts: a conversation (in id order) and the seq after which. */
interface Position {
  c: string;
  s: number;
}

const isPosition = (value: unknown): value is Position =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Position).c === 'string' &&
  Number.isSafeInteger((value as Position).s) &&
  (value as Position).s >= 0;

/**
 * GET /v1/users/{userId}/data (role service): everything the tenant stores about one user, as JSON. The first
 * page (no cursor) holds the profile, the seller directory entry, every conversation as the user sees it and the
 * reports they filed, and the first messages they sent (also those written as an agent through the support team's
 * slot); `nextCursor` leads through the rest of their messages (conversation by conversation, oldest first),
 * `limit` at a time. Each request leaves an audit record (who asked,
 * when, about whom; no content).
 */
export const exportUserData = async (
  identity: Identity,
  userId: string,
  page: { limit: number; cursor?: string | undefined },
) => {
  const { tenant } = identity;
  const scope: CursorScope = { tenant, userId: identity.userId, list: `export:${userId}` };
  const position = await openCursor(page.cursor, scope);
  if (position !== undefined && !isPosition(position))
    throw new ValidationFailed({ cursor: ['is not a cursor this list returned'] });
  const slot = userMember(userId);
  const first = position === undefined;
  const at = nowIso();
  const audit = auditItem({
    tenant,
    requestId: randomId(),
    action: 'export',
    subjectUserId: userId,
    actorId: identity.userId,
    actorRole: identity.role,
    at,
  });
  // Two rounds: where they wrote, their profile and the audit record at once; then their messages and reports.
  const [own, authored, profile, seller] = await Promise.all([
    conversationsOf(tenant, slot),
    teamAuthorships(tenant, userId),
    first ? getUser(tenant, userId) : undefined,
    first ? getSeller(tenant, userId) : undefined,
    putAudit(audit),
  ]);
  const members = own.sort((a, b) => compare(a.conversationId, b.conversationId));
  // Their own conversations, and those they wrote in as an agent through the support team's slot.
  const written = [...new Set([...members, ...authored].map((c) => c.conversationId))].sort(compare);
  const [{ messages, next }, reports] = await Promise.all([
    messagesFrom(tenant, userId, written, position ?? { c: '', s: 0 }, page.limit),
    first ? Promise.all(members.map((m) => reportsFiledIn(tenant, m.conversationId, userId))) : undefined,
  ]);
  return {
    userId,
    exportedAt: at,
    ...(first && {
      profile: profile ? profileView(profile) : null,
      seller: seller ? sellerView(seller) : null,
      conversations: members.map(conversationView),
      reports: (reports ?? []).flat().map(reportView),
    }),
    messages: messages.map(messageWithOriginal),
    nextCursor: await sealCursor(next, scope),
  };
};

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const profileView = (profile: UserItem) => ({
  userId: profile.userId,
  role: profile.role,
  ...(profile.name !== undefined && { name: profile.name }),
  ...(profile.email !== undefined && { email: profile.email }),
  updatedAt: profile.updatedAt,
});

/** Every conversation the user takes part in by name (their own slot): both inbox partitions, all pages. */
const conversationsOf = async (tenant: string, slot: MemberKey) => {
  const partition = (archived: boolean) =>
    queryAll<MemberItem>(
      (ExclusiveStartKey) =>
        new QueryCommand({
          TableName: config.tableName,
          IndexName: INDEXES.inbox.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': INDEXES.inbox.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.inboxPk(tenant, slot, archived) },
          ExclusiveStartKey,
        }),
    );
  return (await Promise.all([partition(false), partition(true)])).flat();
};

/** Conversations whose logs are read at once. */
const PARALLEL_CONVERSATIONS = 8;

/**
 * Up to `limit` messages the user sent, from `from` on, in (conversation id, seq) order, and the position after
 * the last one when more remain (one more message is read to know). Conversations are read PARALLEL_CONVERSATIONS
 * at a time, so a user with few conversations takes one round trip.
 */
const messagesFrom = async (
  tenant: string,
  userId: string,
  conversationIds: string[],
  from: Position,
  limit: number,
): Promise<{ messages: MessageItem[]; next?: Position }> => {
  const found: MessageItem[] = [];
  const todo = conversationIds.filter((id) => id >= from.c);
  for (let i = 0; i < todo.length && found.length <= limit; i += PARALLEL_CONVERSATIONS) {
    const batch = todo.slice(i, i + PARALLEL_CONVERSATIONS);
    const logs = await Promise.all(
      batch.map((id) => sentIn(tenant, userId, id, id === from.c ? from.s : 0, limit + 1 - found.length)),
    );
    found.push(...logs.flat());
  }
  if (found.length <= limit) return { messages: found };
  const messages = found.slice(0, limit);
  const last = messages[messages.length - 1]!;
  return { messages, next: { c: last.conversationId, s: last.seq } };
};

/** Up to `max` messages the user sent in one conversation after `afterSeq`, in seq order. */
const sentIn = async (tenant: string, userId: string, conversationId: string, afterSeq: number, max: number) => {
  const found: MessageItem[] = [];
  const pages = queryPages(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        FilterExpression: 'senderId = :user',
        ExpressionAttributeValues: {
          ':pk': keys.conversationPk(tenant, conversationId),
          ':from': seqSortKey(afterSeq + 1),
          ':to': LAST_LOG_KEY,
          ':user': userId,
        },
        ExclusiveStartKey,
      }),
  );
  for await (const page of pages) {
    found.push(...((page.Items ?? []) as MessageItem[]));
    if (found.length >= max) break;
  }
  return found.slice(0, max);
};
