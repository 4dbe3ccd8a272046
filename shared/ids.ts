import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe, opaque id (128 bits). */
export const randomId = (): string => randomBytes(16).toString('base64url');

/**
 * A deterministic id for "one conversation per (tenant, parties, topic)": concurrent creates of the same
 * conversation compute the same id, so a conditional put lets exactly one of them win.
 */
export const deterministicId = (...parts: string[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
