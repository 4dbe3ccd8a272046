import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const NAME = 'loadSuiteThrottling';

/**
 * Makes a share of the client's DynamoDB requests fail with ProvisionedThroughputExceededException before they
 * are sent, which DynamoDB Local never does. It sits inside the SDK's retry middleware (finalizeRequest step,
 * low priority), so every attempt, retries included, draws again, as with real throttling.
 */
export const injectThrottling = (client: DynamoDBDocumentClient, share: number) => {
  const counts = { attempts: 0, throttled: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      counts.attempts += 1;
      if (Math.random() < share) {
        counts.throttled += 1;
        throw new ProvisionedThroughputExceededException({
          message: 'Throttled by the load suite',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: NAME },
  );
  return { counts, remove: () => client.middlewareStack.remove(NAME) };
};
