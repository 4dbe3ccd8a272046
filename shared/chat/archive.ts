import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { callerSlots } from '#shared/auth/caller-slots';
import type { Identity } from '#shared/auth/identity';
import type { MemberItem } from '#shared/chat/items/member';
import { config } from '#shared/config';
import { NotFound } from '#shared/errors';
import { db } from '#shared/table/client';
import { isConditionFailed } from '#shared/table/errors';
import { keys } from '#shared/table/keys';

/** Archiving is per participant: it moves only the caller's member item to the other inbox partition. */
export const setArchived = async (
  identity: Identity,
  conversationId: string,
  archived: boolean,
): Promise<MemberItem> => {
  for (const slot of callerSlots(identity)) {
    try {
      const { Attributes } = await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: keys.member(identity.tenant, conversationId, slot),
          UpdateExpression: 'SET archived = :archived, GSI1PK = :inbox',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':archived': archived, ':inbox': keys.inboxPk(identity.tenant, slot, archived) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as MemberItem;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
  throw new NotFound();
};
