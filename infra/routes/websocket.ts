import type { WebSocketRouteDef } from './types';

/**
 * The WebSocket API's routes. Route selection is on `$request.body.action`; anything else goes to $default.
 * CDK and the local WebSocket gateway both read this list.
 */
export const webSocketRoutes: WebSocketRouteDef[] = [
  { name: 'WsConnect', routeKey: '$connect', entry: 'functions/ws/connect.ts' },
  { name: 'WsDisconnect', routeKey: '$disconnect', entry: 'functions/ws/disconnect.ts' },
  { name: 'WsDefault', routeKey: '$default', entry: 'functions/ws/default.ts' },
  { name: 'WsSendMessage', routeKey: 'sendMessage', entry: 'functions/ws/send-message.ts' },
  { name: 'WsMarkRead', routeKey: 'markRead', entry: 'functions/ws/mark-read.ts' },
  { name: 'WsTyping', routeKey: 'typing', entry: 'functions/ws/typing.ts' },
  { name: 'WsPing', routeKey: 'ping', entry: 'functions/ws/ping.ts' },
];
