import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

// biome-ignore lint/suspicious/noExplicitAny: one loader for every route's event and result shape
type AnyHandler = (event: any, context: Context) => Promise<any>;

const ROOT = join(import.meta.dirname, '..', '..');
const cache = new Map<string, Promise<AnyHandler>>();

/** Imports a route's entry file, the same file CDK bundles, and returns its `handler` export. */
export const loadHandler = (entry: string): Promise<AnyHandler> => {
  let loaded = cache.get(entry);
  if (!loaded) {
    loaded = import(pathToFileURL(join(ROOT, entry)).href).then((m: { handler?: AnyHandler }) => {
      if (typeof m.handler !== 'function') throw new Error(`${entry} exports no handler`);
      return m.handler;
    });
    cache.set(entry, loaded);
  }
  return loaded;
};

/** A Lambda context good enough for middy and Powertools. */
export const lambdaContext = (functionName: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
