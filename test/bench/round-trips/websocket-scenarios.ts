import { randomBytes } from 'node:crypto';
import { lambdaContext, loadHandler } from '#infra/local/load-handler';
import { admit } from '#infra/local/ws-authorizer';
import { type WebSocketEventType, webSocketEvent } from '#infra/local/ws-event';
import { webSocketAuthorizer, webSocketRoutes } from '#infra/routes/index';
import { connectionsOf } from '#shared/realtime/connections';
import { userMember } from '#shared/table/keys';
import type { AuthorizerContextIn, WebSocketEvent, WebSocketResult } from '#shared/ws/ws-event';
import type { BenchContext } from '#test/bench/support/bench-context';
import { WsListener } from '#test/bench/support/ws-listener';
import type { Scenario } from './scenario';
import type { TripsWorld } from './world';

/**
 * The WebSocket routes and the $connect authorizer (infra/routes/websocket.ts). Each is invoked in this process
 * exactly as the gateway invokes it, with API Gateway's event (the authorizer's context included), so what is
 * measured is that one invocation (the gateway runs frames without waiting for them). Frames come from the
 * customer's real connection, whose acks and pushes arrive on its socket; $connect and $disconnect register and
 * remove a connection of their own.
 */
export const websocketScenarios = async (ctx: BenchContext, w: TripsWorld): Promise<Scenario[]> => {
  const socket = await WsListener.connect(ctx.stack.urls.ws, w.customer.token);
  const [connection] = await connectionsOf(w.tenant, [userMember(w.customer.id)]);
  if (!connection) throw new Error('the customer’s connection is not registered');
  const own = randomBytes(10).toString('base64');
  const authorize = async () => {
    const admission = await admit(webSocketAuthorizer, {
      query: { token: w.customer.token },
      headers: {},
      requestContext: event('$connect', 'CONNECT', own, Date.now()).requestContext,
    });
    if (!admission.admitted) throw new Error(`the authorizer refused with ${admission.status}`);
    return admission.context;
  };
  // The customer's context, as API Gateway hands it to every event of a connection of that token.
  const authorizer = await authorize();
  const connectedAt = Date.parse(connection.connectedAt);
  const frame = (action: string, body: Record<string, unknown>) => () =>
    invoke(
      event(action, 'MESSAGE', connection.connectionId, connectedAt, authorizer, {
        body: JSON.stringify({ action, ...body }),
      }),
    );
  let counter = 0;
  return [
    {
      route: webSocketAuthorizer.name,
      label: 'a valid token',
      run: authorize,
    },
    {
      route: 'WsConnect',
      label: 'a valid token',
      run: () =>
        invoke(
          event('$connect', 'CONNECT', own, Date.now(), authorizer, {
            queryStringParameters: { token: w.customer.token },
          }),
        ),
    },
    {
      route: 'WsDisconnect',
      label: 'a registered connection',
      run: () => invoke(event('$disconnect', 'DISCONNECT', own, Date.now(), authorizer)),
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

/** API Gateway's event of one route of a connection. */
const event = (
  routeKey: string,
  eventType: WebSocketEventType,
  connectionId: string,
  connectedAt: number,
  authorizer?: AuthorizerContextIn,
  extra: Partial<WebSocketEvent> = {},
): WebSocketEvent =>
  webSocketEvent(
    { routeKey, eventType, connectionId, connectedAt },
    { domainName: 'bench', stage: 'local' },
    authorizer,
    extra,
  );

const invoke = async (event: WebSocketEvent): Promise<WebSocketResult> => {
  const { routeKey } = event.requestContext;
  const route = webSocketRoutes.find((r) => r.routeKey === routeKey);
  if (!route) throw new Error(`no WebSocket route ${routeKey}`);
  const handler = await loadHandler(route.entry);
  const result = ((await handler(event, lambdaContext(route.name))) as WebSocketResult | undefined) ?? {
    statusCode: 200,
  };
  if (result.statusCode !== 200) throw new Error(`${routeKey} answered ${result.statusCode}: ${result.body}`);
  return result;
};
