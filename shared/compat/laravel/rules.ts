import * as z from 'zod/mini';
import { codePoints, opaqueIdPattern, schema, wellFormed } from '#shared/input/schemas';

/**
 * Request fields with Laravel's validation sentences ("The participant uuid field is required."), so a
 * dialect's 422 reads exactly like the API the app was written against.
 */
export const attribute = (field: string) => field.replaceAll('_', ' ');

/** An optional field an app may also send as null. */
export const nullable = <S extends z.ZodMiniType>(schema: S) => z.optional(z.nullable(schema));

/** `client_message_id`: the core's retry key (1..64 of A-Z a-z 0-9 _ -), in Laravel's sentences. */
export const clientMessageIdField = /* @__PURE__ */ schema(() =>
  z.optional(
    z
      .string({ error: 'The client message id field must be a string.' })
      .check(z.regex(opaqueIdPattern, 'The client message id field must be 1 to 64 characters of A-Z a-z 0-9 _ -.')),
  ),
);

const say = (field: string) => {
  const a = attribute(field);
  return {
    required: `The ${a} field is required.`,
    string: `The ${a} field must be a string.`,
    integer: `The ${a} field must be an integer.`,
    max: (n: number) => `The ${a} field must not be greater than ${n} characters.`,
    invalid: `The selected ${a} is invalid.`,
  };
};

/** A trimmed, non-empty string of at most `max` characters (Laravel: required|string|max). */
export const textField = (field: string, max: number) => {
  const m = say(field);
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? m.required : m.string) })
    .check(
      z.trim(),
      z.refine((s) => codePoints(s) >= 1, m.required),
      z.refine((s) => codePoints(s) <= max, m.max(max)),
    );
};

/** An id the app may send as an integer or a string; always a string for the core (1..128 characters, a key part). */
export const idField = (field: string) => {
  const m = say(field);
  return z.pipe(
    z.union([z.int(), z.string()], {
      error: (issue) => (issue.input === undefined || issue.input === null ? m.required : m.invalid),
    }),
    z.pipe(
      z.transform((v: number | string) => String(v).trim()),
      z.string().check(z.minLength(1, m.required), z.maxLength(128, m.invalid), wellFormed(m.invalid)),
    ),
  );
};

/** `?page=` of Laravel's paginator: a positive integer, 1 when absent. */
export const pageField = (max: number) =>
  z._default(
    z.coerce
      .number({ error: 'The page field must be an integer.' })
      .check(
        z.int('The page field must be an integer.'),
        z.minimum(1, 'The page field must be at least 1.'),
        z.maximum(max, `The page field must not be greater than ${max}.`),
      ),
    1,
  );

export const requiredWith = (field: string, other: string) =>
  `The ${attribute(field)} field is required when ${attribute(other)} is present.`;
