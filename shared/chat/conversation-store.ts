import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callerSlots } from '#shared/auth/caller-slots';
import type { Identity } from '#shared/auth/identity';
import { type HeadItem, isHead } from '#shared/chat/items/head';
import { getMember, type MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { NotFound } from '#shared/errors';
import { db } from '#shared/table/client';
import { keys, LOG_PREFIX, type MemberKey } from '#shared/table/keys';

/** The header and the newest message, in one strongly consistent Query (the header sorts right after the tip). */
export const readHeadAndTip = async (tenant: string, conversationId: string) => {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :log)',
      ExpressionAttributeValues: { ':pk': keys.conversationPk(tenant, conversationId), ':log': LOG_PREFIX },
      ScanIndexForward: false,
      Limit: 2,
      ConsistentRead: true,
    }),
  );
  const head = isHead(Items[0]) ? Items[0] : undefined;
  const tip = Items[1] as MessageItem | undefined;
  return { head, tip, tipSeq: tip?.seq ?? 0 };
};

/**
 * What opening a conversation needs to know of it, in one strongly consistent Query: the caller's member item (if
 * the conversation exists), the header and the newest message. Member items sort right after the header (keys.ts),
 * so reading backwards from the caller's member item to the log meets the member items up to the caller's, the
 * header, then the tip: at most four items in a conversation of two participants. More members (none is ever
 * written) would push the header out of those four: then the header and tip are read again on their own, so a
 * conversation that exists is never taken for a new one.
 */
export const readOpening = async (tenant: string, conversationId: string, slot: MemberKey) => {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :log AND :member',
      ExpressionAttributeValues: {
        ':pk': keys.conversationPk(tenant, conversationId),
        ':log': LOG_PREFIX,
        ':member': keys.member(tenant, conversationId, slot).SK,
      },
      ScanIndexForward: false,
      Limit: OPENING_READ_LIMIT,
      ConsistentRead: true,
    }),
  );
  const member = Items.find((i): i is MemberItem => i.entity === 'member' && i.member === slot);
  const at = Items.findIndex(isHead);
  if (at < 0 && Items.length === OPENING_READ_LIMIT)
    return { member, ...(await readHeadAndTip(tenant, conversationId)) };
  const head = at < 0 ? undefined : (Items[at] as HeadItem);
  const tip = at < 0 ? undefined : (Items[at + 1] as MessageItem | undefined);
  return { member, head, tip };
};

const OPENING_READ_LIMIT = 4;

/** The caller's own view of a conversation (agents: the support team's, else their own), or 404. */
export const readCallerMember = async (identity: Identity, conversationId: string): Promise<MemberItem> => {
  for (const slot of callerSlots(identity)) {
    const member = await getMember(identity.tenant, conversationId, slot);
    if (member) return member;
  }
  throw new NotFound();
};
