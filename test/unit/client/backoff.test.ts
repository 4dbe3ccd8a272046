import { describe, expect, it } from 'vitest';
import { backoffDelay } from '#client/backoff';

const policy = { baseMs: 500, maxMs: 15_000 };

describe('client backoff', () => {
  it('doubles its cap per attempt up to the maximum, and waits between half the cap and the cap', () => {
    const caps = [500, 1000, 2000, 4000, 8000, 15_000, 15_000];
    caps.forEach((cap, attempt) => {
      expect(backoffDelay(attempt, policy, () => 0)).toBe(cap / 2);
      expect(backoffDelay(attempt, policy, () => 0.999_999)).toBeCloseTo(cap, 0);
    });
    expect(backoffDelay(1000, policy, () => 1)).toBe(15_000);
  });

  it('spreads clients that failed together (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, policy)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(2000);
  });
});
