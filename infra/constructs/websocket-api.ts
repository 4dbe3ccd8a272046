import { ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { WebSocketRouteDef } from '../routes';
import { HandlerFunction } from './handler-function';

export interface ChatWebSocketApiProps {
  routes: WebSocketRouteDef[];
  table: TableV2;
  environment: Record<string, string>;
  /** Functions outside this API that push events too (the HTTP write path). */
  pushers: LambdaFunction[];
}

/** Only these routes never post to a connection; every other route replies (ack, pong, error events). */
const SILENT_ROUTES = new Set(['$connect', '$disconnect']);
export const WEBSOCKET_STAGE = 'v1';

/**
 * The WebSocket API: one function per route of the route list, selected on `$request.body.action`, and one stage.
 * Every function that pushes gets the stage's @connections URL and may POST to this stage's @connections, nothing
 * more (no DELETE: a gone connection is only removed from the table).
 */
export class ChatWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly functions: Record<string, HandlerFunction> = {};

  constructor(scope: Construct, id: string, props: ChatWebSocketApiProps) {
    super(scope, id);
    this.api = new WebSocketApi(this, 'Api', {
      description: 'Product-enquiry chat WebSocket API',
      routeSelectionExpression: '$request.body.action',
    });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: WEBSOCKET_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: 1000, burstLimit: 2000 },
    });
    for (const route of props.routes) {
      const fn = new HandlerFunction(this, route.name, route.entry, { environment: props.environment });
      props.table.grantReadWriteData(fn);
      this.api.addRoute(route.routeKey, { integration: new WebSocketLambdaIntegration(`${route.name}Integration`, fn) });
      if (!SILENT_ROUTES.has(route.routeKey)) this.allowPush(fn);
      this.functions[route.name] = fn;
    }
    for (const fn of props.pushers) this.allowPush(fn);
    new CfnOutput(scope, 'WebSocketUrl', { value: this.stage.url });
  }

  private allowPush(fn: LambdaFunction) {
    fn.addEnvironment('WS_MANAGEMENT_ENDPOINT', this.stage.callbackUrl);
    grantPostToConnections(fn, this.api, this.stage.stageName);
  }
}

const grantPostToConnections = (grantee: IGrantable, api: WebSocketApi, stageName: string) =>
  Grant.addToPrincipal({
    grantee,
    actions: ['execute-api:ManageConnections'],
    resourceArns: [
      Stack.of(api).formatArn({
        service: 'execute-api',
        resource: api.apiId,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        resourceName: `${stageName}/POST/@connections/*`,
      }),
    ],
  });
