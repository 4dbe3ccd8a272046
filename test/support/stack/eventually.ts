/**
 * Polls until `check` stops throwing, then returns its value: for the stack's eventually consistent effects (what
 * the stream poller's consumers write, connections going stale, emails arriving).
 */
export const eventually = async <T>(check: () => Promise<T>, timeoutMs = 5_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
};
