import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand,
  TransactGetCommand, TransactWriteCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { setDb } from '../../shared/table/client';

const COMMANDS = [GetCommand, PutCommand, UpdateCommand, DeleteCommand, QueryCommand, TransactWriteCommand, TransactGetCommand, BatchGetCommand, BatchWriteCommand];

const documentClient = () => DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

/**
 * Routes the shared code's table client through a stub that passes every command to the real DynamoDB Local,
 * except those `fault` picks, which fail with the error it returns: faults a real engine cannot be made to
 * produce on demand (throttling of one particular write). Call the returned function to restore the real client.
 */
export const injectFaults = (fault: (command: string, input: any) => Error | undefined) => {
  const real = documentClient();
  const faulty = documentClient();
  const stub = mockClient(faulty);
  for (const Command of COMMANDS) {
    stub.on(Command as never).callsFake(async (input: any) => {
      const error = fault(Command.name, input);
      if (error) throw error;
      return real.send(new (Command as any)(input));
    });
  }
  setDb(faulty);
  return () => {
    setDb(undefined);
    stub.restore();
    real.destroy();
    faulty.destroy();
  };
};
