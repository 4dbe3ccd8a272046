import type { WebSocketRouteDef } from './types';

/**
 * The WebSocket API's routes. Route selection is on `$request.body.action`; anything else goes to $default.
 * CDK and the local WebSocket gateway both read this list.
 */
export const webSocketRoutes: WebSocketRouteDef[] = [
  { name: 'WsConnect', routeKey: '$connect', entry: 'functions/ws/connect.ts', table: { actions: ['PutItem'] } },
  {
    name: 'WsDisconnect',
    routeKey: '$disconnect',
    entry: 'functions/ws/disconnect.ts',
    table: { actions: ['DeleteItem', 'GetItem'] },
  },
  {
    name: 'WsDefault',
    routeKey: '$default',
    entry: 'functions/ws/default.ts',
    table: { actions: ['DeleteItem', 'GetItem', 'UpdateItem'] },
  },
  {
    name: 'WsSendMessage',
    routeKey: 'sendMessage',
    entry: 'functions/ws/send-message.ts',
    table: { actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'WsMarkRead',
    routeKey: 'markRead',
    entry: 'functions/ws/mark-read.ts',
    table: { actions: ['DeleteItem', 'GetItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'WsTyping',
    routeKey: 'typing',
    entry: 'functions/ws/typing.ts',
    table: { actions: ['DeleteItem', 'GetItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'WsPing',
    routeKey: 'ping',
    entry: 'functions/ws/ping.ts',
    table: { actions: ['DeleteItem', 'GetItem', 'UpdateItem'] },
  },
];
