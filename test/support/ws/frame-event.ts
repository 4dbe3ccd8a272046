import type { WebSocketEvent } from '#shared/ws/ws-event';

/** The event API Gateway hands the sendMessage route's function for one client frame (tests invoking it in-process). */
export const frameEvent = (connectionId: string, frame: unknown): WebSocketEvent => ({
  requestContext: {
    routeKey: 'sendMessage',
    eventType: 'MESSAGE',
    connectionId,
    domainName: 'local',
    stage: 'local',
    apiId: 'local',
    messageId: 'm',
    extendedRequestId: 'r',
    requestId: 'r',
    messageDirection: 'IN',
    connectedAt: Date.now(),
    requestTime: new Date().toUTCString(),
    requestTimeEpoch: Date.now(),
  },
  body: JSON.stringify(frame),
  isBase64Encoded: false,
});
