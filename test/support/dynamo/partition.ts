import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '#shared/table/client';
import { keys } from '#shared/table/keys';
import { queryAll } from '#shared/table/query';

/** Every item of a conversation's partition (header, messages, members, reports, claims), strongly consistent. */
export const readConversationPartition = (tenant: string, conversationId: string) =>
  queryAll<Record<string, any>>(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: process.env.TABLE_NAME!,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.conversationPk(tenant, conversationId) },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
  );

/** Puts items back exactly as they were (to replay stream records against an earlier state), ten at a time. */
export const putItems = async (items: Array<Record<string, unknown>>) => {
  for (let i = 0; i < items.length; i += 10)
    await Promise.all(
      items.slice(i, i + 10).map((Item) => db().send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item }))),
    );
};
