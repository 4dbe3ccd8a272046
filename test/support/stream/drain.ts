import type { StreamPoller } from '#infra/local/stream-poller';

/**
 * Resolves once every consumer of the running poller has handled every record written before the call, and every
 * record its own writes produced: two idle passes of each, so its second one started after the call and found
 * nothing left.
 */
export const drainStream = async (poller: StreamPoller, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  const targets = poller.loops.map((loop) => loop.idlePasses + 2);
  while (poller.loops.some((loop, i) => loop.idlePasses < targets[i]!)) {
    if (Date.now() > deadline) throw new Error('The stream did not drain in time (is the poller running?)');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
