import { verifyTokenWithExpiry } from '#shared/auth/verify-token';
import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { HttpProblem, Unauthorized } from '#shared/errors';
import { problemResponse } from '#shared/input/problem-details';
import { logger } from '#shared/observability/logger';
import { dropConnection, registerConnection } from '#shared/realtime/connections';
import type { WebSocketEvent, WebSocketResult } from './ws-event';

/**
 * $connect: the token comes in the query string (browsers cannot set headers on a WebSocket); 401 refuses the
 * upgrade, also for a token issued before its user's erasure.
 */
export const acceptConnection = async (event: WebSocketEvent): Promise<WebSocketResult> => {
  const { connectionId, requestId } = event.requestContext;
  try {
    const token = event.queryStringParameters?.token;
    if (!token) throw new Unauthorized('Connect with ?token=<JWT>.');
    const verified = await verifyTokenWithExpiry(token);
    await registerConnection(connectionId, verified);
    // After registering: an erasure marks the user, then closes their sessions, so a connection either is
    // registered in time to be closed by it, or finds the mark here.
    await refuseIfErased(verified.identity).catch(async (error) => {
      await dropConnection(connectionId);
      throw error;
    });
    return { statusCode: 200 };
  } catch (error) {
    if (error instanceof HttpProblem) return problemResult(error, requestId);
    logger.error('$connect failed', { error: error as Error, requestId });
    return problemResult(
      new HttpProblem(500, 'Internal Server Error', 'The server failed to accept the connection.'),
      requestId,
    );
  }
};

/** $disconnect: forget the connection. Idempotent; API Gateway may also skip it, which the TTL and GoneException cover. */
export const closeConnection = async (event: WebSocketEvent): Promise<WebSocketResult> => {
  await dropConnection(event.requestContext.connectionId);
  return { statusCode: 200 };
};

const problemResult = (problem: HttpProblem, requestId: string): WebSocketResult => {
  const { statusCode, body } = problemResponse(problem, requestId);
  return { statusCode: statusCode ?? problem.status, ...(body !== undefined && { body }) };
};
