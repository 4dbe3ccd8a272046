import { DeleteConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { Unauthorized } from '#shared/errors';
import { logger } from '#shared/observability/logger';
import { removeConnection } from '#shared/realtime/connections';
import { managementClient } from '#shared/realtime/management-client';
import type { ConnectionRecord } from '#shared/realtime/model';
import { pushTo } from '#shared/realtime/push';
import { errorEvent } from './error-event';

/**
 * A frame arrived after the connection's token expired: a WebSocket session lasts no longer than its token.
 * Answers a 401 error event, removes the connection from the registry (nothing more is pushed to it), then closes
 * it through @connections DELETE, which runs $disconnect. Idempotent: a second frame racing this one repeats
 * deletes of absent items and a DELETE that finds the connection gone.
 */
export const endExpiredSession = async (connection: ConnectionRecord, requestId: string) => {
  await pushTo(
    [connection],
    errorEvent(new Unauthorized('The token of this connection has expired; reconnect with a fresh token.'), requestId),
  );
  await removeConnection(connection);
  await hangUp(connection.connectionId);
};

const hangUp = async (connectionId: string) => {
  try {
    await managementClient()?.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
  } catch (error) {
    // Gone: it closed already. Anything else: it is out of the registry, so it receives nothing until it closes.
    if ((error as { name?: string }).name !== 'GoneException')
      logger.warn('Could not close an expired connection', { error: error as Error, connectionId });
  }
};
