import { type BackoffPolicy, backoffDelay, sleep } from './backoff';
import { ApiError, isNetworkError } from './errors';

export interface RetryPolicy {
  /** Attempts in all, the first included (default 8: about 45 s of backoff). Waiting to be online is not one. */
  attempts: number;
  backoff: BackoffPolicy;
  random: () => number;
}

/**
 * Runs `call` until it succeeds, retrying what may succeed later (no answer at all, 429, 5xx) with backoff and
 * jitter (or the server's `Retry-After`), and waiting for the browser to be online before each attempt. Only
 * for idempotent calls: a send carries its `clientMessageId`, so a retry of a send that did arrive returns the
 * stored message instead of storing it twice.
 */
export const withRetries = async <T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    await online();
    try {
      return await call();
    } catch (error) {
      const retryable = isNetworkError(error) || (error instanceof ApiError && error.retryable);
      if (!retryable || attempt + 1 >= policy.attempts) throw error;
      const retryAfter = error instanceof ApiError ? error.retryAfterSeconds : undefined;
      await sleep(retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, policy.backoff, policy.random));
    }
  }
};

/** Resolves at once outside browsers and in a browser that is online; else at its `online` event. */
const online = () =>
  typeof navigator === 'undefined' || navigator.onLine !== false || typeof window === 'undefined'
    ? Promise.resolve()
    : new Promise<void>((resolve) => window.addEventListener('online', () => resolve(), { once: true }));
