import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { INDEXES, STREAM_VIEW_TYPE, TABLE_KEY, TTL_ATTRIBUTE, UNREAD_INDEX_ATTRIBUTES } from '#shared/table/definition';

/** Creates the table from the same definition the CDK stack uses (no-op when it exists, e.g. with a data dir). */
export const createTable = async (client: DynamoDBClient, tableName: string) => {
  const attributes = [
    TABLE_KEY.partitionKey,
    TABLE_KEY.sortKey,
    INDEXES.inbox.partitionKey,
    INDEXES.inbox.sortKey,
    INDEXES.unread.partitionKey,
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(attributes)].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: TABLE_KEY.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEY.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: INDEXES.inbox.name,
            KeySchema: [
              { AttributeName: INDEXES.inbox.partitionKey, KeyType: 'HASH' },
              { AttributeName: INDEXES.inbox.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: INDEXES.unread.name,
            KeySchema: [
              { AttributeName: INDEXES.unread.partitionKey, KeyType: 'HASH' },
              { AttributeName: INDEXES.unread.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: UNREAD_INDEX_ATTRIBUTES },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW_TYPE },
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
};
