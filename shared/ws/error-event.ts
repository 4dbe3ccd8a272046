import type { ServerEvent } from '#shared/chat/events';
import { HttpProblem } from '#shared/errors';
import { problemDetails } from '#shared/input/problem-details';

/** The members of problem+json over HTTP (problemDetails), typed `error`; a non-HttpProblem never shows its internals. */
export const errorEvent = (error: unknown, requestId?: string): ServerEvent => {
  const problem =
    error instanceof HttpProblem
      ? error
      : new HttpProblem(500, 'Internal Server Error', 'The server failed to handle the action; it has been logged.');
  return { ...problemDetails(problem, requestId), type: 'error' };
};
