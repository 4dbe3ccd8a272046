import type { Problem } from './types';

/** An answer of the API that is not a success: its status and problem details (RFC 9457). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${problem.title ?? 'Error'}${problem.detail ? `: ${problem.detail}` : ''}`);
  }

  /** Worth trying again with the same input: rate limited, or the server's fault. */
  get retryable() {
    return this.status === 429 || this.status >= 500;
  }
}

/** fetch rejects (a TypeError) when the request never got an answer: offline, DNS, connection reset. */
export const isNetworkError = (error: unknown) => error instanceof TypeError;
