import type { WebSocketRouteDef } from './types';

/** WebSocket route keys (the real-time issue fills this in). */
export const webSocketRoutes: WebSocketRouteDef[] = [];
