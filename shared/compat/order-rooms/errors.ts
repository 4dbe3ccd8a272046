import { renameFields } from '#shared/compat/field-errors';
import type { ErrorFormat } from '#shared/input/problem-details';

/**
 * The document shows no error body; an app of this API reads `message` and `status` from every answer, so
 * errors come in the success body's envelope: `{ message, status, errors? }` (status = the HTTP status).
 */
export const orderRoomErrors: ErrorFormat = (problem) => ({
  statusCode: problem.status,
  headers: { 'content-type': 'application/json', ...problem.headers },
  body: JSON.stringify({
    message: problem.detail,
    status: problem.status,
    ...(problem.errors && { errors: renameFields(problem.errors, { participantId: 'vendor_id' }) }),
  }),
});
