import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '#shared/observability/logger';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The lines Powertools writes: to its own console on stdout, or to the global console in dev mode (the test run). */
const captureLines = () => {
  const lines: string[] = [];
  const keep = (text: unknown) => lines.push(String(text));
  for (const method of ['log', 'info', 'warn', 'error'] as const)
    vi.spyOn(console, method).mockImplementation((text) => keep(text));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => keep(chunk) > 0);
  return () => lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
};

describe('the logger (shared/observability/logger.ts)', () => {
  it('is built at its first line, not at import: it takes the LOG_LEVEL of that moment and writes structured JSON', () => {
    // The test run sets LOG_LEVEL=CRITICAL before any import; a logger built at import would print nothing here.
    vi.stubEnv('LOG_LEVEL', 'WARN');
    const written = captureLines();

    logger.info('Not at this level', { seq: 1 });
    logger.warn('Push to a connection failed; the request goes on', { connectionId: 'c-1' });

    expect(written()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'Push to a connection failed; the request goes on',
        service: 'product-enquiry-chat',
        connectionId: 'c-1',
      }),
    ]);
  });
});
