import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/auth/identity';
import type { MemberItem } from '#shared/chat/items/member';
import { config } from '#shared/config';
import { INDEXES } from '#shared/table/definition';
import { indexPage } from '#shared/table/index-page';
import { keys, type MemberKey } from '#shared/table/keys';
import { queryPages } from '#shared/table/query';
import type { ConversationKind } from './model';
import { conversationView } from './views';

/** One inbox page, most recent activity first (index-page.ts), its cursor sealed for the caller and this inbox. */
export const listInbox = async (
  identity: Identity,
  slot: MemberKey,
  page: { limit: number; cursor?: string; archived: boolean },
) => {
  const scope = {
    tenant: identity.tenant,
    userId: identity.userId,
    list: `inbox:${slot}:${page.archived ? 'archived' : 'active'}`,
  };
  const { items, nextCursor } = await indexPage<MemberItem>(
    keys.inboxPk(identity.tenant, slot, page.archived),
    scope,
    page,
  );
  return { items: items.map(conversationView), nextCursor };
};

export const MAX_PAGE_NUMBER = 1000;

/**
 * Page `number` (1-based) of the inbox in pages of `size`, most recent activity first, and the inbox size:
 * for dialects with page-number pagination. Reaching page n reads the n·size newest items (DynamoDB cannot
 * skip), and the total is a COUNT over the inbox partition; the cursor API above reads only its page.
 *
 * `kind` keeps only conversations of that kind (a dialect whose app can show only product threads). The filter
 * runs in DynamoDB, so page sizes and totals stay right; it reads, and pays for, the items it drops.
 */
export const listInboxPage = async (
  tenant: string,
  slot: MemberKey,
  page: { number: number; size: number; archived: boolean; kind?: ConversationKind },
) => {
  const inbox = inboxQuery(keys.inboxPk(tenant, slot, page.archived), page.kind);
  const skip = (page.number - 1) * page.size;
  const [total, items] = await Promise.all([countInbox(inbox), readInbox(inbox, skip + page.size)]);
  return { items: items.slice(skip, skip + page.size), total };
};

type InboxQuery = ReturnType<typeof inboxQuery>;

/** The inbox partition's key condition, and the kind filter (IndexName stays at each call, where the IAM check reads it). */
const inboxQuery = (inbox: string, kind: ConversationKind | undefined) => ({
  TableName: config.tableName,
  KeyConditionExpression: '#pk = :pk',
  ...(kind && { FilterExpression: '#conversation.#kind = :kind' }),
  ExpressionAttributeNames: {
    '#pk': INDEXES.inbox.partitionKey,
    ...(kind && { '#conversation': 'conversation', '#kind': 'kind' }),
  },
  ExpressionAttributeValues: { ':pk': inbox, ...(kind && { ':kind': kind }) },
});

const readInbox = async (inbox: InboxQuery, upTo: number): Promise<MemberItem[]> => {
  const items: MemberItem[] = [];
  const pages = queryPages(
    (ExclusiveStartKey) =>
      new QueryCommand({
        ...inbox,
        IndexName: INDEXES.inbox.name,
        ScanIndexForward: false,
        // With a filter, Limit counts the items read, not the items kept: read on until enough are kept.
        ...(inbox.FilterExpression === undefined && { Limit: upTo - items.length }),
        ExclusiveStartKey,
      }),
  );
  for await (const page of pages) {
    items.push(...((page.Items ?? []) as MemberItem[]));
    if (items.length >= upTo) break;
  }
  return items;
};

const countInbox = async (inbox: InboxQuery): Promise<number> => {
  let count = 0;
  const pages = queryPages(
    (ExclusiveStartKey) =>
      new QueryCommand({
        ...inbox,
        IndexName: INDEXES.inbox.name,
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
  );
  for await (const page of pages) count += page.Count ?? 0;
  return count;
};
