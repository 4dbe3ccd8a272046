import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setDb } from '#shared/table/client';

/**
 * Routes the shared code's table client through one that records the name of every command it sends (to the real
 * DynamoDB Local, unchanged), in order. Restore the usual client with `setDb(undefined)`.
 */
export const recordCommands = () => {
  const names: string[] = [];
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  client.middlewareStack.add(
    (next, context) => (args) => {
      names.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize' },
  );
  setDb(client);
  return names;
};
