import { Unauthorized } from '#shared/errors';
import { removeConnection } from '#shared/realtime/connections';
import { hangUp } from '#shared/realtime/hang-up';
import { pushTo } from '#shared/realtime/push';
import { errorEvent } from './error-event';
import type { FrameConnection } from './session';

/**
 * A frame arrived after the connection's token expired: a WebSocket session lasts no longer than its token.
 * Answers a 401 error event, removes the connection from the registry (nothing more is pushed to it), then closes
 * it through @connections DELETE, which runs $disconnect. Idempotent: a second frame racing this one repeats
 * deletes of absent items and a DELETE that finds the connection gone.
 */
export const endExpiredSession = async (connection: FrameConnection, requestId: string) => {
  await pushTo(
    [connection],
    errorEvent(new Unauthorized('The token of this connection has expired; reconnect with a fresh token.'), requestId),
  );
  await removeConnection(connection);
  await hangUp(connection.connectionId);
};
