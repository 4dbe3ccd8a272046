import { compatRoutes } from './routes/compat';
import { coreRoutes } from './routes/core';
import { supportRoutes } from './routes/support';
import type { FunctionDef, HttpRouteDef, WebSocketRouteDef } from './routes/types';
import { webSocketRoutes as wsRoutes } from './routes/websocket';

export type { FunctionDef, HttpRouteDef, RouteThrottle, TableAccess, TableAction, WebSocketRouteDef } from './routes/types';

/** The single route list: the CDK stack and the local gateways both read it, so they cannot drift. */
export const httpRoutes: HttpRouteDef[] = [...coreRoutes, ...supportRoutes, ...compatRoutes];
export const webSocketRoutes: WebSocketRouteDef[] = wsRoutes;

/** The table stream's consumer: every stream effect runs in it, so its access is the union of theirs. */
export const streamHandler: FunctionDef = {
  entry: 'functions/stream/table-stream.ts',
  table: { actions: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
};
export const STREAM_HANDLER_ENTRY = streamHandler.entry;
