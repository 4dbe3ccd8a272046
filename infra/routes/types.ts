/**
 * A route of the single route list. `entry` is the handler file (relative to the repository root) that both
 * the CDK stack bundles into its Lambda function and the local gateways import and invoke.
 */
export interface HttpRouteDef {
  /** Unique, PascalCase: the CDK construct id and the function's name suffix. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template, e.g. /v1/conversations/{id}. */
  path: string;
  entry: string;
  /** The handler pushes WebSocket events (message.created, conversation.read): it needs the @connections API. */
  pushes?: true;
}

export interface WebSocketRouteDef {
  name: string;
  /** $connect, $disconnect, $default, or an action name matched on the `action` field. */
  routeKey: string;
  entry: string;
}
