import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberItem } from '#shared/chat/items/member';
import { config } from '#shared/config';
import { INDEXES } from '#shared/table/definition';
import { keys, type MemberKey } from '#shared/table/keys';
import { queryPages } from '#shared/table/query';

/**
 * Page `number` of a participant's active inbox, most recent activity first, holding only **product**
 * conversations, and how many there are. A 003 client shows a conversation as a shop's product thread (shop
 * id, name and logo; both parties typed as integer user ids): direct and order conversations have no product,
 * and support conversations have the support team as the other party, which is no user and has no number.
 *
 * The core's page-number listing (shared/chat listInboxPage) has no filter, and paging after filtering would
 * break page sizes and totals, so the filter runs in DynamoDB: the same inbox Query with a FilterExpression on
 * the conversation kind (a filter reads, and pays for, the items it drops; the inbox is the caller's own).
 */
export const listProductInboxPage = async (tenant: string, slot: MemberKey, page: { number: number; size: number }) => {
  const inbox = keys.inboxPk(tenant, slot, false);
  const skip = (page.number - 1) * page.size;
  const [total, items] = await Promise.all([countProducts(inbox), readProducts(inbox, skip + page.size)]);
  return { items: items.slice(skip, skip + page.size), total };
};

const productsOf = (inbox: string) => ({
  TableName: config.tableName,
  KeyConditionExpression: '#pk = :pk',
  FilterExpression: '#conversation.#kind = :product',
  ExpressionAttributeNames: { '#pk': INDEXES.inbox.partitionKey, '#conversation': 'conversation', '#kind': 'kind' },
  ExpressionAttributeValues: { ':pk': inbox, ':product': 'product' },
});

const readProducts = async (inbox: string, upTo: number): Promise<MemberItem[]> => {
  const items: MemberItem[] = [];
  const pages = queryPages(
    (ExclusiveStartKey) =>
      new QueryCommand({
        ...productsOf(inbox),
        IndexName: INDEXES.inbox.name,
        ScanIndexForward: false,
        ExclusiveStartKey,
      }),
  );
  for await (const page of pages) {
    items.push(...((page.Items ?? []) as MemberItem[]));
    if (items.length >= upTo) break;
  }
  return items;
};

const countProducts = async (inbox: string): Promise<number> => {
  let count = 0;
  const pages = queryPages(
    (ExclusiveStartKey) =>
      new QueryCommand({ ...productsOf(inbox), IndexName: INDEXES.inbox.name, Select: 'COUNT', ExclusiveStartKey }),
  );
  for await (const page of pages) count += page.Count ?? 0;
  return count;
};
