import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { HttpProblem, Unauthorized } from '#shared/errors';
import { problemResponse } from '#shared/input/problem-details';
import { logger } from '#shared/observability/logger';
import { dropConnection, registerConnection, removeConnection } from '#shared/realtime/connections';
import { frameSession, tokenFromContext } from './session';
import type { WebSocketEvent, WebSocketResult } from './ws-event';

/**
 * $connect, after the authorizer (authorizer.ts) verified `?token=` and handed over who it is for: registers the
 * connection, so pushes find it. 401 refuses the upgrade, also for a token issued before its user's erasure.
 */
export const acceptConnection = async (event: WebSocketEvent): Promise<WebSocketResult> => {
  const { connectionId, requestId } = event.requestContext;
  try {
    const verified = tokenFromContext(event.requestContext.authorizer);
    if (!verified) throw new Unauthorized('Connect with ?token=<JWT>.'); // no authorizer ran: nobody to register
    await registerConnection(connectionId, verified);
    // Again after registering, though the authorizer checked: an erasure marks the user, then closes their
    // sessions, so a connection either is registered in time to be closed by it, or finds the mark here.
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

/**
 * $disconnect: forget the connection. Its authorizer context names its items, so all of them are deleted at once;
 * without one (a connection of no authorizer), the reverse item's old image names them. Idempotent: deletes of
 * absent items succeed. API Gateway may also skip it, which the TTL and GoneException cover.
 */
export const closeConnection = async (event: WebSocketEvent): Promise<WebSocketResult> => {
  const session = frameSession(event);
  if (session) await removeConnection(session.connection);
  else await dropConnection(event.requestContext.connectionId);
  return { statusCode: 200 };
};

const problemResult = (problem: HttpProblem, requestId: string): WebSocketResult => {
  const { statusCode, body } = problemResponse(problem, requestId);
  return { statusCode: statusCode ?? problem.status, ...(body !== undefined && { body }) };
};
