import type * as z from 'zod/mini';
import './zod-messages';
import { type FieldErrors, ValidationFailed } from '#shared/errors';

/** zod issues → the contract's `errors` map, one entry per bad field (dotted path; `body` for the root). */
export const fieldErrors = (issues: readonly z.core.$ZodIssue[], root: string): FieldErrors => {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : root;
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
};

/** The one Unicode rule of every input: a string with a lone UTF-16 surrogate has no UTF-8 form (DynamoDB, SES and
 * every client would fail on it), so each such field is a 422, whatever the schema says about it. */
export const NOT_UNICODE = 'must be well-formed Unicode text';

export const malformedText = (value: unknown, path: string[] = []): string[][] => {
  if (typeof value === 'string') return value.isWellFormed() ? [] : [path];
  if (typeof value !== 'object' || value === null) return [];
  // A bad key, or bad text under a key no error map may hold (__proto__), is reported at its parent.
  return Object.entries(value).flatMap(([key, item]) =>
    key.isWellFormed() && !UNSAFE_KEYS.has(key)
      ? malformedText(item, [...path, key])
      : malformedText(item).length || !key.isWellFormed()
        ? [path]
        : [],
  );
};
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const parseOrThrow = <S extends z.ZodMiniType>(schema: S, value: unknown, root: string): z.infer<S> => {
  const errors: FieldErrors = {};
  for (const path of malformedText(value)) errors[path.length ? path.join('.') : root] = [NOT_UNICODE];
  const result = schema.safeParse(value);
  if (!result.success)
    for (const [field, messages] of Object.entries(fieldErrors(result.error.issues, root)))
      if (!errors[field]) errors[field] = messages;
  if (Object.keys(errors).length || !result.success) throw new ValidationFailed(errors);
  return result.data;
};
