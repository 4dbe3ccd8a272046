import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberItem } from '#shared/chat/items/member';
import { db } from '#shared/table/client';
import { keys, userMember } from '#shared/table/keys';

/** The raw member items (each participant's full view) of a conversation, read strongly consistently. */
export const readMemberItems = async (tenant: string, conversationId: string, userIds: string[]) =>
  Promise.all(
    userIds.map(async (userId) => {
      const { Item } = await db().send(
        new GetCommand({
          TableName: process.env.TABLE_NAME!,
          Key: keys.member(tenant, conversationId, userMember(userId)),
          ConsistentRead: true,
        }),
      );
      if (!Item) throw new Error(`no member item for ${userId}`);
      return Item as MemberItem;
    }),
  );

/** Puts member items back as they were (to replay stream records against an earlier state). */
export const writeMemberItems = async (items: MemberItem[]) => {
  for (const Item of items) await db().send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item }));
};
