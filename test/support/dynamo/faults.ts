import { DynamoDBClient, InternalServerError } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { db, setDb } from '#shared/table/client';

const COMMANDS = [
  GetCommand,
  PutCommand,
  UpdateCommand,
  DeleteCommand,
  QueryCommand,
  TransactWriteCommand,
  TransactGetCommand,
  BatchGetCommand,
  BatchWriteCommand,
];

const documentClient = () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

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

const LOSE_RESPONSE = 'test-lose-first-response';

/** The HTTP request a middleware at `finalizeRequest` sees: its DynamoDB operation name and JSON body text. */
const sentRequest = (args: any) => {
  const request = args.request as { headers: Record<string, string>; body: string | Uint8Array };
  const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
  return { operation, body };
};

/**
 * A response lost on its way back (a dropped connection, a front-end 500) after DynamoDB applied the request:
 * the first request `pick` chooses (by operation name and JSON body) reaches DynamoDB Local and commits, then
 * its answer is replaced by a retryable 500, so the SDK's own retry (shared/table/client.ts) sends it again.
 * Works on the shared code's real client (every attempt still goes to DynamoDB Local); call `restore` after.
 */
export const loseFirstResponse = (pick: (operation: string, body: any) => boolean) => {
  const seen = { lost: 0, resent: 0 };
  let lostBody: string | undefined;
  const stack = db().middlewareStack;
  stack.add(
    (next) => async (args: any) => {
      const { operation, body } = sentRequest(args);
      if (lostBody === undefined && pick(operation, JSON.parse(body))) {
        lostBody = body;
        await next(args);
        seen.lost += 1;
        throw new InternalServerError({
          message: 'Injected: the response was lost after the request was applied',
          $metadata: { httpStatusCode: 500 },
        });
      }
      if (body === lostBody) seen.resent += 1;
      return next(args);
    },
    // Inside the SDK's retry loop (finalizeRequest, after the retry middleware): once per attempt.
    { step: 'finalizeRequest', priority: 'low', name: LOSE_RESPONSE },
  );
  return { seen, restore: () => stack.remove(LOSE_RESPONSE) };
};

const HOLD = 'test-hold-first-request';

/**
 * A request that is slow to reach DynamoDB (a stalled connection, a paused Lambda): the first request `pick` chooses
 * (by operation name and JSON body) waits before it is sent until `release()` is called; `reached` resolves when it
 * is waiting. Everything else passes. Works on the shared code's real client; call `restore` after.
 */
export const holdFirstRequest = (pick: (operation: string, body: any) => boolean) => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const restore = beforeFirst(HOLD, pick, () => {
    reach();
    return released;
  });
  return { reached, release, restore };
};

const INTERLEAVE = 'test-interleave';

/**
 * Runs `action` once, right before the first request `pick` chooses (by operation name and JSON body) is sent:
 * another writer's request landing between this one's read and its write, deterministically rather than by
 * chance. Works on the shared code's real client; call the returned function after.
 */
export const interleave = (pick: (operation: string, body: any) => boolean, action: () => Promise<unknown>) =>
  beforeFirst(INTERLEAVE, pick, action);

/** A middleware (`name`) that awaits `action` once, before the first request `pick` chooses is sent; the remover. */
const beforeFirst = (name: string, pick: (operation: string, body: any) => boolean, action: () => Promise<unknown>) => {
  let fired = false;
  const stack = db().middlewareStack;
  stack.add(
    (next) => async (args: any) => {
      const { operation, body } = sentRequest(args);
      if (!fired && pick(operation, JSON.parse(body))) {
        fired = true;
        await action();
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name },
  );
  return () => stack.remove(name);
};
