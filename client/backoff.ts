/** How long to wait before retry number `attempt` (0-based). */
export interface BackoffPolicy {
  /** The first pause's upper bound, in ms. */
  baseMs: number;
  /** No pause is longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 15_000 };

/**
 * Exponential backoff with "equal jitter": the cap doubles with every attempt up to `maxMs`, and the pause is
 * between half the cap and the cap. Half is fixed so a client never hammers the server, half is random so a
 * thousand clients dropped by one outage do not come back in the same instant.
 */
export const backoffDelay = (attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random) => {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return cap / 2 + random() * (cap / 2);
};

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
