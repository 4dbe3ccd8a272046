import { randomUUID } from 'node:crypto';
import type { AuthorizerContextIn, WebSocketEvent } from '#shared/ws/ws-event';

export type WebSocketEventType = 'CONNECT' | 'MESSAGE' | 'DISCONNECT';

/**
 * The event API Gateway hands a WebSocket route's function for one event of a connection: the local gateway's, and
 * the one the bench and tests invoke handlers with in-process. `authorizer` is the $connect authorizer's context,
 * which comes with every event of the connection; `extra` adds a frame's body or $connect's query and headers.
 */
export const webSocketEvent = (
  at: { routeKey: string; eventType: WebSocketEventType; connectionId: string; connectedAt: number },
  where: { domainName: string; stage: string },
  authorizer?: AuthorizerContextIn,
  extra: Partial<WebSocketEvent> = {},
): WebSocketEvent => {
  const now = new Date();
  const requestId = randomUUID();
  return {
    requestContext: {
      ...at,
      ...where,
      apiId: 'local',
      messageId: randomUUID(),
      extendedRequestId: requestId,
      requestId,
      messageDirection: 'IN',
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      ...(authorizer && { authorizer }),
    },
    isBase64Encoded: false,
    ...extra,
  };
};
