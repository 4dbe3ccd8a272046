import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpProblem } from '#shared/errors';

/** Turns an HttpProblem into the response a client sees. problem+json unless a route's dialect documents another body. */
export type ErrorFormat = (problem: HttpProblem, requestId?: string) => APIGatewayProxyStructuredResultV2;

/** The RFC 9457 members of a problem; a WebSocket error event carries the same, with its own `type`. */
export const problemDetails = (problem: HttpProblem, requestId?: string) => ({
  type: 'about:blank',
  title: problem.title,
  status: problem.status,
  detail: problem.detail,
  ...(problem.errors && { errors: problem.errors }),
  ...(requestId && { requestId }),
});

export const problemResponse: ErrorFormat = (problem, requestId) => ({
  statusCode: problem.status,
  headers: { 'content-type': 'application/problem+json', ...problem.headers },
  body: JSON.stringify(problemDetails(problem, requestId)),
});

export const serverError = () =>
  new HttpProblem(500, 'Internal Server Error', 'The server failed to handle the request; it has been logged.');
