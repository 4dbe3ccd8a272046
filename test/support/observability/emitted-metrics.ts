import { vi } from 'vitest';

/**
 * Starts capturing the EMF lines Powertools writes (to the global console in dev mode, to stdout otherwise);
 * returns a reader of those captured so far. Undo with vi.restoreAllMocks().
 */
export const captureMetrics = () => {
  const lines: string[] = [];
  const keep = (text: unknown) => {
    if (typeof text === 'string' && text.includes('"_aws"')) lines.push(text);
  };
  vi.spyOn(console, 'log').mockImplementation((text) => keep(text));
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    keep(String(chunk));
    return write(chunk, ...(rest as []));
  });
  return () => lines.map((line) => JSON.parse(line));
};
