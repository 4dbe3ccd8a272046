import type { LocalStack } from '#infra/local/stack';
import { drainStream } from '#test/support/stream/drain';
import type { DynamoMeter, Usage } from './dynamo-meter';

export interface Probed<T> {
  result: T;
  request: Usage;
  stream: Usage;
}

/**
 * Runs one operation and splits what it costs into the request path and the stream processor's work.
 * The poller is paused while the request runs, so the two cannot interleave, then resumed and drained:
 * the stream processor runs in this process on the same metered client, with the operation's real records.
 */
export const probeOperation = async <T>(
  stack: LocalStack,
  meter: DynamoMeter,
  run: () => Promise<T>,
): Promise<Probed<T>> => {
  await drainStream(stack.poller);
  await stack.poller.stop();
  let measured: { result: T; usage: Usage };
  try {
    measured = await meter.measure(run);
  } finally {
    meter.start();
    stack.poller.start();
  }
  await drainStream(stack.poller);
  return { result: measured.result, request: measured.usage, stream: meter.stop() };
};
