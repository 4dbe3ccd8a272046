import { renameFields } from '#shared/compat/field-errors';
import { attribute } from '#shared/compat/laravel/rules';
import type { ErrorFormat } from '#shared/input/problem-details';

/**
 * The envelope of the support-chat dialects (seeds 000 and 002): every answer carries `success`, `message` and
 * `status_code`. The documents show only successes; an app of this API reads the same three fields from a
 * failure, so errors come in it too: `{ success: false, message, status_code, errors? }` (status_code = the HTTP
 * status; `errors` per field on 422, `message` its first sentence).
 */
export const OK = { success: true, message: 'success', status_code: 200 } as const;

/** Core field names → this dialect's, for errors raised by the core use cases. */
const FIELDS = { productId: 'product_id' };

export const supportChatErrors: ErrorFormat = (problem) => {
  const errors =
    problem.errors && renameFields(problem.errors, FIELDS, (field, message) => `The ${attribute(field)} ${message}.`);
  const first = errors && Object.values(errors).flat()[0];
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/json', ...problem.headers },
    body: JSON.stringify({
      success: false,
      message: first ?? problem.detail,
      status_code: problem.status,
      ...(errors && { errors }),
    }),
  };
};
