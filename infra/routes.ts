import { compatRoutes } from './routes/compat';
import { coreRoutes } from './routes/core';
import { supportRoutes } from './routes/support';
import type { HttpRouteDef, WebSocketRouteDef } from './routes/types';
import { webSocketRoutes as wsRoutes } from './routes/websocket';

export type { HttpRouteDef, WebSocketRouteDef } from './routes/types';

/** The single route list: the CDK stack and the local gateways both read it, so they cannot drift. */
export const httpRoutes: HttpRouteDef[] = [...coreRoutes, ...supportRoutes, ...compatRoutes];
export const webSocketRoutes: WebSocketRouteDef[] = wsRoutes;

/** The table stream's consumer. */
export const STREAM_HANDLER_ENTRY = 'functions/stream/table-stream.ts';
