import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * One document client per process, created on first use. The endpoint comes from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB variable, so the local stack needs no code path of its own.
 */
export const db = (): DynamoDBDocumentClient => {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 6 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
};

/** For tests that inject faults with aws-sdk-client-mock or count calls. */
export const setDb = (client: DynamoDBDocumentClient | undefined) => {
  documentClient = client;
};
