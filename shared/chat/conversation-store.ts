import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callerSlots } from '#shared/auth/caller-slots';
import type { Identity } from '#shared/auth/identity';
import { isHead } from '#shared/chat/items/head';
import { getMember, type MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { NotFound } from '#shared/errors';
import { db } from '#shared/table/client';
import { keys, LOG_PREFIX } from '#shared/table/keys';

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
  return { head, tipSeq: tip?.seq ?? 0 };
};

/** The caller's own view of a conversation (agents: the support team's, else their own), or 404. */
export const readCallerMember = async (identity: Identity, conversationId: string): Promise<MemberItem> => {
  for (const slot of callerSlots(identity)) {
    const member = await getMember(identity.tenant, conversationId, slot);
    if (member) return member;
  }
  throw new NotFound();
};
