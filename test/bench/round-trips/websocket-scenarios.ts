import { randomBytes, randomUUID } from 'node:crypto';
import { lambdaContext, loadHandler } from '#infra/local/load-handler';
import { webSocketRoutes } from '#infra/routes/index';
import { connectionsOf } from '#shared/realtime/connections';
import { userMember } from '#shared/table/keys';
import type { WebSocketEvent, WebSocketResult } from '#shared/ws/ws-event';
import type { BenchContext } from '#test/bench/support/bench-context';
import { WsListener } from '#test/bench/support/ws-listener';
import type { Scenario } from './scenario';
import type { TripsWorld } from './world';

/**
 * The WebSocket routes (infra/routes/websocket.ts). Each is invoked in this process exactly as the gateway invokes
 * it, with API Gateway's event, so what is measured is that one invocation (the gateway runs frames without waiting
 * for them). Frames come from the customer's real connection, whose acks and pushes arrive on its socket;
 * $connect and $disconnect register and remove a connection of their own.
 */
export const websocketScenarios = async (ctx: BenchContext, w: TripsWorld): Promise<Scenario[]> => {
  const socket = await WsListener.connect(ctx.stack.urls.ws, w.customer.token);
  const [connection] = await connectionsOf(w.tenant, [userMember(w.customer.id)]);
  if (!connection) throw new Error('the customer’s connection is not registered');
  const frame = (action: string, body: Record<string, unknown>) => () =>
    invoke(action, 'MESSAGE', connection.connectionId, { body: JSON.stringify({ action, ...body }) });
  const own = randomBytes(10).toString('base64');
  let counter = 0;
  return [
    {
      route: 'WsConnect',
      label: 'a valid token',
      run: () => invoke('$connect', 'CONNECT', own, { queryStringParameters: { token: w.customer.token } }),
    },
    {
      route: 'WsDisconnect',
      label: 'a registered connection',
      run: () => invoke('$disconnect', 'DISCONNECT', own),
    },
    {
      route: 'WsDefault',
      label: 'an unknown action',
      run: async () => {
        await frame('$default', { action: 'shout' })();
        return socket.next((e) => e.type === 'error');
      },
    },
    {
      route: 'WsSendMessage',
      label: 'no clientMessageId',
      run: async () => {
        await frame('sendMessage', { conversationId: w.id, text: 'Over the socket' })();
        return socket.next((e) => e.type === 'message.ack');
      },
    },
    {
      route: 'WsSendMessage',
      label: 'with clientMessageId',
      run: async () => {
        await frame('sendMessage', { conversationId: w.id, text: 'Again', clientMessageId: `ws-${++counter}` })();
        return socket.next((e) => e.type === 'message.ack');
      },
    },
    {
      route: 'WsMarkRead',
      label: 'up to the newest',
      run: frame('markRead', { conversationId: w.id }),
    },
    {
      route: 'WsTyping',
      label: 'in a conversation',
      run: frame('typing', { conversationId: w.id }),
    },
    {
      route: 'WsPing',
      label: 'ping',
      run: async () => {
        await frame('ping', {})();
        return socket.next((e) => e.type === 'pong');
      },
    },
  ];
};

const invoke = async (
  routeKey: string,
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT',
  connectionId: string,
  extra: Partial<WebSocketEvent> = {},
): Promise<WebSocketResult> => {
  const route = webSocketRoutes.find((r) => r.routeKey === routeKey);
  if (!route) throw new Error(`no WebSocket route ${routeKey}`);
  const handler = await loadHandler(route.entry);
  const now = new Date();
  const requestId = randomUUID();
  const event: WebSocketEvent = {
    requestContext: {
      routeKey,
      eventType,
      connectionId,
      domainName: 'bench',
      stage: 'local',
      apiId: 'local',
      messageId: randomUUID(),
      extendedRequestId: requestId,
      requestId,
      messageDirection: 'IN',
      connectedAt: now.getTime(),
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
    ...extra,
  };
  const result = ((await handler(event, lambdaContext(route.name))) as WebSocketResult | undefined) ?? {
    statusCode: 200,
  };
  if (result.statusCode !== 200) throw new Error(`${routeKey} answered ${result.statusCode}: ${result.body}`);
  return result;
};
