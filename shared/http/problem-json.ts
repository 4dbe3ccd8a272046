import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpProblem } from '../errors';
import { logger } from '../observability/logger';

export const problemResponse = (problem: HttpProblem, requestId?: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: { 'content-type': 'application/problem+json', ...problem.headers },
  body: JSON.stringify({
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.errors && { errors: problem.errors }),
    ...(requestId && { requestId }),
  }),
});

/** Outermost middleware: every error becomes problem+json; anything unexpected is a 500 with no internals. */
export const problemJson = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const requestId = request.event?.requestContext?.requestId;
    if (request.error instanceof HttpProblem) {
      request.response = problemResponse(request.error, requestId);
      return;
    }
    logger.error('Unhandled error', { error: request.error as Error, requestId });
    request.response = problemResponse(
      new HttpProblem(500, 'Internal Server Error', 'The server failed to handle the request; it has been logged.'),
      requestId,
    );
  },
});
