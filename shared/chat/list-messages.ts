import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/auth/identity';
import { getHead, isHead } from '#shared/chat/items/head';
import { isMessage } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { ValidationFailed } from '#shared/errors';
import { db } from '#shared/table/client';
import { type CursorScope, openCursor, sealCursor } from '#shared/table/cursor';
import { FIRST_LOG_KEY, HEAD_SORT_KEY, keys, LAST_LOG_KEY, seqSortKey } from '#shared/table/keys';
import { requireParticipant } from './access';
import { readHeadAndTip } from './conversation-store';
import { messageView } from './views';

export type MessagePage =
  | { direction: 'before'; limit: number; before?: number }
  | { direction: 'after'; limit: number; after: number };

/** A page to read: by position, or by a `nextCursor` this list returned (which holds the direction and position). */
export type MessagePageRequest = MessagePage | { direction: 'cursor'; limit: number; cursor: string };

const scopeOf = (identity: Identity, conversationId: string): CursorScope => ({
  tenant: identity.tenant,
  userId: identity.userId,
  list: `messages:${conversationId}`,
});

const isPosition = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const pageOf = async (identity: Identity, conversationId: string, page: MessagePageRequest): Promise<MessagePage> => {
  if (page.direction !== 'cursor') return page;
  const position = (await openCursor(page.cursor, scopeOf(identity, conversationId))) as Record<string, unknown>;
  if (isPosition(position?.before)) return { direction: 'before', limit: page.limit, before: position.before };
  if (isPosition(position?.after)) return { direction: 'after', limit: page.limit, after: position.after };
  throw new ValidationFailed({ cursor: ['is not a cursor this list returned'] });
};

/**
 * A page of the log: newest first (`before`, default) or oldest first (`after`, the polling call).
 * The key range reaches up to the header whenever it can, so the participant check rides on the same Query:
 * a poll with nothing new is one read of one small item.
 */
export const listMessages = async (identity: Identity, conversationId: string, request: MessagePageRequest) => {
  const page = await pageOf(identity, conversationId, request);
  if (page.direction === 'before' && page.before !== undefined && page.before <= 1) {
    requireParticipant(identity, await getHead(identity.tenant, conversationId));
    return { items: [], nextCursor: null };
  }
  const pk = keys.conversationPk(identity.tenant, conversationId);
  const [from, to] =
    page.direction === 'after'
      ? [seqSortKey(page.after + 1), HEAD_SORT_KEY]
      : [FIRST_LOG_KEY, page.before === undefined ? HEAD_SORT_KEY : seqSortKey(page.before - 1)];
  const includesHead = to === HEAD_SORT_KEY;
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      ScanIndexForward: page.direction === 'after',
      // Strongly consistent, so a poll right after a push always returns the pushed message.
      ConsistentRead: true,
      // One extra item tells whether another page exists; one more for the header.
      Limit: page.limit + 1 + (includesHead ? 1 : 0),
    }),
  );
  const head = Items.find(isHead);
  requireParticipant(identity, head ?? (await getHead(identity.tenant, conversationId)));
  const messages = Items.filter(isMessage).slice(0, page.limit + 1);
  const hasMore = messages.length > page.limit;
  const items = messages.slice(0, page.limit).map(messageView);
  const last = hasMore ? items[items.length - 1]!.seq : undefined;
  const position = last === undefined ? undefined : { [page.direction]: last };
  return { items, nextCursor: await sealCursor(position, scopeOf(identity, conversationId)) };
};

/**
 * Page `number` (1-based) of the log in pages of `size`, newest first, and the number of messages: for dialects
 * with page-number pagination. Seqs are gap-free, so page n is exactly the seq range
 * (tip − n·size, tip − (n−1)·size] and the total is the tip's seq: no page is ever read to reach another.
 */
export const listMessagePage = async (
  identity: Identity,
  conversationId: string,
  page: { number: number; size: number },
) => {
  if (page.number === 1) {
    const { items } = await listMessages(identity, conversationId, { direction: 'before', limit: page.size });
    return { items, total: items[0]?.seq ?? 0 };
  }
  const { head, tipSeq } = await readHeadAndTip(identity.tenant, conversationId);
  requireParticipant(identity, head);
  const before = tipSeq - (page.number - 1) * page.size + 1;
  if (before <= 1) return { items: [], total: tipSeq };
  const { items } = await listMessages(identity, conversationId, { direction: 'before', limit: page.size, before });
  return { items, total: tipSeq };
};

/**
 * The newest `limit` messages of a conversation as they stand, newest first, in one strongly consistent Query; none
 * when it does not exist. No participant check: only for a use case that reads them alongside a write that checks
 * participation, and shows them only once that write has passed (an opening of the caller's own conversation).
 */
export const readNewestMessages = async (tenant: string, conversationId: string, limit: number) => {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.conversationPk(tenant, conversationId),
        ':from': FIRST_LOG_KEY,
        ':to': LAST_LOG_KEY,
      },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return Items.filter(isMessage).map(messageView);
};
