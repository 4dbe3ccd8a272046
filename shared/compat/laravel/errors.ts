import { renameFields } from '#shared/compat/field-errors';
import type { HttpProblem } from '#shared/errors';
import type { ErrorFormat } from '#shared/input/problem-details';
import { attribute } from './rules';

interface LaravelErrorOptions {
  /** Core field name → the dialect's field, for errors raised by the core use cases (e.g. productId → product_id). */
  fields?: Record<string, string>;
  /** A route whose document gives its own 500 body: `{ success: false, message, error }`. */
  serverErrorMessage?: string;
}

/**
 * Errors as a Laravel API answers them (Accept: application/json): `{ message }`, and for validation 422
 * `{ message, errors: { field: [sentences] } }`, where `message` is the first sentence, plus
 * "(and N more errors)" when there are more. 401 is Sanctum's literal "Unauthenticated.", which apps test for, and
 * 429 the throttle middleware's "Too Many Attempts." (with the problem's Retry-After header, as Laravel sends it).
 */
export const laravelErrors =
  (options: LaravelErrorOptions = {}): ErrorFormat =>
  (problem) => ({
    statusCode: problem.status,
    headers: { 'content-type': 'application/json', ...problem.headers },
    body: JSON.stringify(laravelBody(problem, options)),
  });

const laravelBody = (problem: HttpProblem, options: LaravelErrorOptions) => {
  if (problem.status === 401) return { message: 'Unauthenticated.' };
  if (problem.status === 403) return { message: 'This action is unauthorized.' };
  if (problem.status === 429) return { message: 'Too Many Attempts.' };
  if (problem.status >= 500 && options.serverErrorMessage) {
    return { success: false, message: options.serverErrorMessage, error: problem.detail };
  }
  if (!problem.errors) return { message: problem.detail };
  const errors = renameFields(
    problem.errors,
    options.fields ?? {},
    (field, message) => `The ${attribute(field)} ${message}.`,
  );
  const sentences = Object.values(errors).flat();
  const more = sentences.length - 1;
  return { message: `${sentences[0]}${more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''})` : ''}`, errors };
};
