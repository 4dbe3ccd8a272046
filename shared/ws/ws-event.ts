import type {
  APIGatewayAuthorizerResult,
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';

/**
 * What the $connect authorizer returned as `context`, as API Gateway hands it to $connect and to every later event of
 * the connection (`requestContext.authorizer`): API Gateway adds `principalId` and turns every value into a string.
 */
export type AuthorizerContextIn = Record<string, unknown>;

/** What API Gateway's WebSocket API hands every route's function (and what the local gateway builds). */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2WithRequestContext<
  APIGatewayEventWebsocketRequestContextV2 & { authorizer?: AuthorizerContextIn }
> & {
  /** $connect only: the upgrade request's headers. */
  headers?: Record<string, string>;
};

/** A route's answer. For $connect a non-2xx status refuses the upgrade with that status; elsewhere it is not sent. */
export interface WebSocketResult {
  statusCode: number;
  body?: string;
}

/**
 * What API Gateway hands a Lambda REQUEST authorizer of a WebSocket API (on $connect, the only route that may have
 * one): the upgrade request's query string and headers, and `methodArn` (`arn:aws:execute-api:…/<stage>/$connect`).
 */
export interface WebSocketAuthorizerEvent {
  type: 'REQUEST';
  methodArn: string;
  headers?: Record<string, string> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  requestContext: APIGatewayEventWebsocketRequestContextV2;
}

/** An IAM policy for `methodArn`, a principal, and the `context` API Gateway keeps for the connection's life. */
export type WebSocketAuthorizerResult = APIGatewayAuthorizerResult;
