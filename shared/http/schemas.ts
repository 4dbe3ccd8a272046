import { z } from 'zod';

/** Field rules shared by several routes, written once. */
export const opaqueId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const userId = z.string().min(1).max(128);
export const clientMessageId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1..64 characters of A-Z a-z 0-9 _ -');

const codePoints = (s: string) => [...s].length;
export const messageText = z
  .string()
  .trim()
  .refine((s) => codePoints(s) >= 1, 'must not be empty')
  .refine((s) => codePoints(s) <= 4000, 'must be at most 4000 characters');

export const limit = (max: number, fallback: number) =>
  z.coerce.number().int('must be an integer').min(1).max(max).default(fallback);

const MAX_SEQ = 999_999_999_999;
/** A seq in a JSON body. */
export const seqNumber = z.number().int('must be an integer').min(0).max(MAX_SEQ);
/** A seq in a query string. */
export const seq = z.coerce.number().int('must be an integer').min(0).max(MAX_SEQ);

export const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');

export const conversationPath = z.object({ id: opaqueId });

export const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
