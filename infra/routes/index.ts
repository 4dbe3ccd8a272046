import { compatRoutes } from './compat';
import { coreRoutes } from './core';
import { safetyRoutes } from './safety';
import { supportRoutes } from './support';
import type { HttpRouteDef, WebSocketRouteDef } from './types';
import { webSocketRoutes as wsRoutes } from './websocket';

export { COMPAT_DIALECTS, type CompatDialect, compatRoutes } from './compat';
export { coreRoutes } from './core';
export { inboundMailHandler } from './inbound-mail';
export { safetyRoutes } from './safety';
export { emailStreamHandler, streamConsumers, streamHandler } from './stream';
export type {
  HttpRouteDef,
  InboundMailHandlerDef,
  RouteThrottle,
  StorageAccess,
  StreamConsumerDef,
  StreamMappingSettings,
  TableAccess,
  WebSocketAuthorizerDef,
  WebSocketRouteDef,
} from './types';
export { webSocketAuthorizer } from './websocket';

/**
 * The single route list: every route, the WebSocket authorizer, every stream consumer and the inbound mail handler,
 * with everything that differs between them (handler, table access, pushing, throttles, silent WebSocket routes,
 * the authorizer's identity source, stream batch and retry settings). The CDK stack, the local gateways and stream
 * poller, and the tests all read it, so they cannot drift.
 */
export const httpRoutes: HttpRouteDef[] = [...coreRoutes, ...supportRoutes, ...safetyRoutes, ...compatRoutes];
export const webSocketRoutes: WebSocketRouteDef[] = wsRoutes;

/** A concrete call of a route, as a client sends it. */
export interface RouteCall {
  method: HttpRouteDef['method'];
  path: string;
  body?: Record<string, unknown>;
}

/**
 * A call of `route` from its `example`: the path with each placeholder filled (from `params`, else the example's
 * own) and the example's body, if it has one. Throws when a placeholder has no value.
 */
export const exampleCall = (route: HttpRouteDef, params: Record<string, string> = {}): RouteCall => {
  const values: Record<string, string> = { ...route.example?.params, ...params };
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.method} ${route.path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  return { method: route.method, path, ...(route.example?.body && { body: route.example.body }) };
};
