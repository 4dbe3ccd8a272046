/** Order statistics of a sample (nearest-rank percentiles: no interpolation between two samples). */
export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

export const median = (values: number[]) => percentile(values, 50);

/** Milliseconds a call takes, with its result. */
export const timed = async <T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
};
