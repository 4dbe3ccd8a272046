/**
 * The bench's second floor: a handler that only creates the DynamoDB document client (as shared/table/client.ts
 * does) and sends one Put, bundled like every deployed handler. Every handler but the compatibility placeholder
 * reads or writes the table, so none can initialize faster than this.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

let client: DynamoDBDocumentClient | undefined;

export const handler = async (event: { id: string }) => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  await client.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { PK: event.id, SK: event.id } }));
  return { statusCode: 204 };
};
