import type { WebSocketAuthorizerDef, WebSocketRouteDef } from './types';

/**
 * Who a connection is, verified once: the token of `?token=` (and the erased-user mark, GetItem). Its context rides
 * on every later event of the connection, so no frame reads the registry (shared/ws/session.ts).
 */
export const webSocketAuthorizer: WebSocketAuthorizerDef = {
  name: 'WsAuthorizer',
  entry: 'functions/ws/authorize.ts',
  identitySource: ['route.request.querystring.token'],
  table: { actions: ['GetItem'] },
};

/**
 * The WebSocket API's routes. Route selection is on `$request.body.action`; anything else goes to $default.
 * CDK and the local WebSocket gateway both read this list. No route has a throttle of its own: the stage's limits
 * (`webSocketThrottleRate`, `webSocketThrottleBurst`) apply to all.
 */
export const webSocketRoutes: WebSocketRouteDef[] = [
  // $connect answers the upgrade itself (a non-2xx refuses it) and $disconnect has no one left to tell: silent.
  {
    name: 'WsConnect',
    routeKey: '$connect',
    entry: 'functions/ws/connect.ts',
    // GetItem: the erased-user mark; DeleteItem: a refused connection's registration.
    table: { actions: ['DeleteItem', 'GetItem', 'PutItem'] },
    silent: true,
  },
  {
    name: 'WsDisconnect',
    routeKey: '$disconnect',
    entry: 'functions/ws/disconnect.ts',
    table: { actions: ['DeleteItem'] },
    silent: true,
  },
  // Every frame route replies (ack, pong, error event), records activity (UpdateItem) and closes a connection whose
  // token has expired (DeleteItem); none reads the registry: the authorizer's context says who is sending.
  {
    name: 'WsDefault',
    routeKey: '$default',
    entry: 'functions/ws/default.ts',
    table: { actions: ['DeleteItem', 'UpdateItem'] },
  },
  {
    name: 'WsSendMessage',
    routeKey: 'sendMessage',
    entry: 'functions/ws/send-message.ts',
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
    storage: ['verifyUpload', 'presignDownload'],
  },
  {
    name: 'WsMarkRead',
    routeKey: 'markRead',
    entry: 'functions/ws/mark-read.ts',
    table: { actions: ['DeleteItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'WsTyping',
    routeKey: 'typing',
    entry: 'functions/ws/typing.ts',
    table: { actions: ['DeleteItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'WsPing',
    routeKey: 'ping',
    entry: 'functions/ws/ping.ts',
    table: { actions: ['DeleteItem', 'UpdateItem'] },
  },
];
