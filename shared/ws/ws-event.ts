import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';

/** What API Gateway's WebSocket API hands every route's function (and what the local gateway builds). */
export type WebSocketEvent =
  APIGatewayProxyWebsocketEventV2WithRequestContext<APIGatewayEventWebsocketRequestContextV2> & {
    /** $connect only: the upgrade request's headers. */
    headers?: Record<string, string>;
  };

/** A route's answer. For $connect a non-2xx status refuses the upgrade with that status; elsewhere it is not sent. */
export interface WebSocketResult {
  statusCode: number;
  body?: string;
}
