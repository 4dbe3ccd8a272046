import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ConversationSnapshot } from '#shared/chat/model';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys, type MemberKey } from '#shared/table/keys';

/** The conversation header (`LOG#HEAD`): authorization for the log, and the record that announces a new conversation. */
export interface HeadItem extends Key, ConversationSnapshot {
  entity: 'conversation';
  tenant: string;
  /** Notification addresses known at creation, by member (seller directory, token or guest email). */
  emails: Partial<Record<MemberKey, string>>;
  names: Partial<Record<MemberKey, string>>;
}

/** A new conversation's header, with the names and addresses its parties are known by. */
export const headItem = (
  tenant: string,
  snapshot: ConversationSnapshot,
  parties: ReadonlyArray<{ slot: MemberKey; name?: string; email?: string }>,
): HeadItem => ({
  ...keys.head(tenant, snapshot.id),
  ...snapshot,
  entity: 'conversation',
  tenant,
  emails: Object.fromEntries(parties.filter((p) => p.email).map((p) => [p.slot, p.email])),
  names: Object.fromEntries(parties.filter((p) => p.name).map((p) => [p.slot, p.name])),
});

export const isHead = (item: { entity?: unknown } | undefined): item is HeadItem => item?.entity === 'conversation';

/**
 * The conversation header alone. Strongly consistent like every other read of it, so a conversation opened a
 * moment ago never looks missing (a 404 to its own participants).
 */
export const getHead = async (tenant: string, conversationId: string) => {
  const { Item } = await db().send(
    new GetCommand({ TableName: config.tableName, Key: keys.head(tenant, conversationId), ConsistentRead: true }),
  );
  return Item as HeadItem | undefined;
};
