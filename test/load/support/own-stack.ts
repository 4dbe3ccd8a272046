import { type LocalStack, startLocalStack } from '#infra/local/stack';
import { setDb } from '#shared/table/client';

/**
 * A local stack inside this test process (the shared one runs in vitest's main process, out of reach): its
 * stream poller can be stopped, and the DynamoDB client its handlers share (`db()`) can be wrapped.
 */
export const startOwnStack = async (tableName: string): Promise<LocalStack> => {
  const stack = await startLocalStack({ ports: { http: 0, dynamodb: 0 }, tableName });
  setDb(undefined); // the next db() builds its client against this stack's DynamoDB
  return stack;
};
