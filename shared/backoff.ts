/** Jittered pause before retrying a write that lost a race; grows with the attempt, capped at ~100 ms. */
export const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 + 5 * attempt)));
