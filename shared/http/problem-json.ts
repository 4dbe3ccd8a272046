import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpProblem } from '#shared/errors';
import { type ErrorFormat, problemResponse, serverError } from '#shared/input/problem-details';
import { logger } from '#shared/observability/logger';

/** Outermost middleware: every error goes through `format`; anything unexpected is a 500 with no internals. */
export const problemJson = (
  format: ErrorFormat = problemResponse,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const requestId = request.event?.requestContext?.requestId;
    if (request.error instanceof HttpProblem) {
      request.response = format(request.error, requestId);
      return;
    }
    logger.error('Unhandled error', { error: request.error as Error, requestId });
    request.response = format(serverError(), requestId);
  },
});
