import * as z from 'zod/mini';
import { NOT_UNICODE } from './validation';

/**
 * Builds a module-level schema, called as `/* @__PURE__ *\/ schema(() => …)`: a bundle that does not use the
 * schema then drops it, so a cold start builds only the schemas its handler uses (each kind of zod schema costs a
 * fraction of a millisecond the first time). Needed in modules whose schemas several handlers pick from: esbuild
 * does not carry zod's own side-effect-free marks across files, so without it every exported schema is built.
 */
export const schema = <S>(build: () => S): S => build();

/** Field rules shared by several routes, written once. */
export const opaqueIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
export const opaqueId = /* @__PURE__ */ schema(() => z.string().check(z.regex(opaqueIdPattern)));
/**
 * Ids and other key parts become parts of table keys, which are UTF-8: a lone UTF-16 surrogate has no UTF-8
 * form, so it is invalid input. Every rule for a string that reaches a key uses this check (the compatibility
 * dialects too, with their own sentence).
 */
export const wellFormed = (message = NOT_UNICODE) => z.refine<string>((s) => s.isWellFormed(), message);
export const userId = /* @__PURE__ */ schema(() => z.string().check(z.minLength(1), z.maxLength(128), wellFormed()));
export const clientMessageId = /* @__PURE__ */ schema(() =>
  z.string().check(z.regex(opaqueIdPattern, 'must be 1..64 characters of A-Z a-z 0-9 _ -')),
);

/** A trimmed string of min..max characters, well-formed (topic type and id are parts of a conversation's identity). */
export const text = (min: number, max: number) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max), wellFormed());

/** Length in characters (code points), not UTF-16 units: an emoji is one character. */
export const codePoints = (s: string) => [...s].length;
export const messageText = /* @__PURE__ */ schema(() =>
  z.string().check(
    z.trim(),
    z.refine((s) => codePoints(s) >= 1, 'must not be empty'),
    z.refine((s) => codePoints(s) <= 4000, 'must be at most 4000 characters'),
  ),
);

export const limit = (max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int('must be an integer'), z.minimum(1), z.maximum(max)), fallback);

const MAX_SEQ = 999_999_999_999;
/** A seq in a JSON body. */
export const seqNumber = /* @__PURE__ */ schema(() =>
  z.number().check(z.int('must be an integer'), z.minimum(0), z.maximum(MAX_SEQ)),
);
/** A seq in a query string. */
export const seq = /* @__PURE__ */ schema(() =>
  z.coerce.number().check(z.int('must be an integer'), z.minimum(0), z.maximum(MAX_SEQ)),
);

export const booleanString = /* @__PURE__ */ schema(() =>
  z.pipe(
    z.enum(['true', 'false']),
    z.transform((v) => v === 'true'),
  ),
);

export const conversationPath = /* @__PURE__ */ schema(() => z.object({ id: opaqueId }));

export const email = /* @__PURE__ */ schema(() => z.email().check(z.maxLength(254)));
export const httpUrl = /* @__PURE__ */ schema(() => z.url({ protocol: /^https?$/ }).check(z.maxLength(2048)));
