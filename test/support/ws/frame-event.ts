import { contextForEvents } from '#infra/local/ws-authorizer';
import { webSocketEvent } from '#infra/local/ws-event';
import { identityOf } from '#shared/auth/identity';
import type { ConnectionRecord } from '#shared/realtime/model';
import { sessionContext } from '#shared/ws/session';
import type { AuthorizerContextIn, WebSocketEvent } from '#shared/ws/ws-event';

/** What every event of a connection carries from its $connect authorizer, as API Gateway hands it (strings). */
export const authorizerContextOf = (connection: ConnectionRecord): AuthorizerContextIn => {
  const identity = identityOf(connection);
  return contextForEvents({
    principalId: identity.userId,
    policyDocument: { Version: '2012-10-17', Statement: [] },
    context: { ...sessionContext({ identity, expiresAt: connection.tokenExpiresAt }) },
  })!;
};

/**
 * The event API Gateway hands the sendMessage route's function for one client frame of a registered connection
 * (tests invoking it in-process), with that connection's authorizer context.
 */
export const frameEvent = (connection: ConnectionRecord, frame: unknown): WebSocketEvent =>
  webSocketEvent(
    {
      routeKey: 'sendMessage',
      eventType: 'MESSAGE',
      connectionId: connection.connectionId,
      connectedAt: Date.parse(connection.connectedAt),
    },
    { domainName: 'local', stage: 'local' },
    authorizerContextOf(connection),
    { body: JSON.stringify(frame) },
  );
