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

export const parseOrThrow = <S extends z.ZodMiniType>(schema: S, value: unknown, root: string): z.infer<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(fieldErrors(result.error.issues, root));
  return result.data;
};
