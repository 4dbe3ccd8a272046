import type { StreamPoller } from '../../../infra/local/stream-poller';

/**
 * Resolves once the running poller has delivered nothing new for `quietMs`: every record written so far,
 * and every record its own writes produced, has been handled. The poller reads an idle shard every 50 ms.
 */
export const drainStream = async (poller: StreamPoller, quietMs = 500, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  let seen = poller.delivered;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) throw new Error('The stream did not drain in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (poller.delivered !== seen) {
      seen = poller.delivered;
      quietSince = Date.now();
    }
  }
};
