import type * as z from 'zod/mini';
import type { Identity } from '#shared/auth/identity';
import type { ServerEvent } from '#shared/chat/events';
import { HttpProblem, NotFound, Unauthorized } from '#shared/errors';
import { opaqueIdPattern } from '#shared/input/schemas';
import { parseOrThrow } from '#shared/input/validation';
import { logger } from '#shared/observability/logger';
import { touchConnection } from '#shared/realtime/connections';
import { isTokenExpired } from '#shared/realtime/model';
import { pushTo } from '#shared/realtime/push';
import { errorEvent } from './error-event';
import { endExpiredSession } from './expired-session';
import { readFrame } from './frame';
import { type FrameConnection, frameSession } from './session';
import type { WebSocketEvent, WebSocketResult } from './ws-event';

export interface ActionInput<S extends z.ZodMiniType> {
  identity: Identity;
  connection: FrameConnection;
  body: z.infer<S>;
  /** Sends an event to the connection the frame came from. */
  reply: (event: ServerEvent) => Promise<unknown>;
}

/**
 * The one wrapper of every client action: who the connection is (the $connect authorizer's context, which API
 * Gateway hands every frame: no read; 401 without one; 401 and the end of the session once its token has expired),
 * a JSON-object frame (400, 413), zod validation (422), the action, and any error as an `error` event on the same
 * connection, which stays open. Every frame counts as activity (agent presence), even a bad one: recorded beside
 * the action, never before it.
 */
export const wsAction =
  <S extends z.ZodMiniType>(schema: S, run: (input: ActionInput<S>) => Promise<void>) =>
  async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId, requestId } = event.requestContext;
    const session = frameSession(event);
    try {
      if (!session) throw new Unauthorized('This connection was not authorized; reconnect with a valid token.');
      const { identity, connection } = session;
      if (isTokenExpired({ tokenExpiresAt: session.expiresAt }, Date.now())) {
        await endExpiredSession(connection, requestId);
        return { statusCode: 200 };
      }
      const touched = touchConnection({ ...connection, lastActiveAt: connection.connectedAt }).catch((error) =>
        logger.warn('Could not record activity', { error: error as Error }),
      );
      try {
        const body = parseOrThrow(schema, readFrame(event), 'frame');
        await run({ identity, connection, body, reply: (e) => pushTo([connection], e) });
      } finally {
        await touched;
      }
    } catch (error) {
      if (!(error instanceof HttpProblem))
        logger.error('WebSocket action failed', { error: error as Error, requestId });
      const target = session?.connection ?? {
        connectionId,
        tenant: '',
        slots: [],
        connectedAt: new Date().toISOString(),
      };
      await pushTo([target], errorEvent(error, requestId));
    }
    return { statusCode: 200 };
  };

/** A conversation id that cannot be one names nothing: 404, like an unknown id (and like a bad path segment over HTTP). */
export const conversationIdOrNotFound = (id: string): string => {
  if (!opaqueIdPattern.test(id)) throw new NotFound();
  return id;
};
