import { ArnFormat, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { type CfnStage, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { CustomDomain } from '#infra/config';
import type { RouteThrottle, WebSocketAuthorizerDef, WebSocketRouteDef } from '#infra/routes/index';
import { apiAccessLog, WEBSOCKET_ACCESS_LOG_FIELDS } from './api-access-log';
import { apiDomainName } from './api-domain';
import { HandlerFunction } from './handler-function';
import { nagRendering } from './nag-rendering';
import type { SelfTokenSecret } from './self-token-secret';
import { grantTableAccess } from './table-access';

export interface ChatWebSocketApiProps {
  routes: WebSocketRouteDef[];
  /** Verifies the token on $connect; its context reaches every later event of the connection. */
  authorizer: WebSocketAuthorizerDef;
  table: ITableV2;
  environment: Record<string, string>;
  /** Functions outside this API that push events too (the HTTP write path). */
  pushers: LambdaFunction[];
  /** Functions outside this API that close connections (an erasure ends the user's sessions). */
  closers?: LambdaFunction[];
  /** The authorizer verifies tokens of our own issuer (guests) with it; no route function reads it. */
  signingSecret: SelfTokenSecret;
  /** The stage's limits (`webSocketThrottleRate`/`webSocketThrottleBurst`); a route's own throttle overrides them. */
  throttle: RouteThrottle;
  domain?: CustomDomain;
}

export const WEBSOCKET_STAGE = 'v1';

/**
 * The WebSocket API: one function per route of the route list, selected on `$request.body.action`, one stage, and
 * the Lambda REQUEST authorizer on $connect (identity source `?token=`), the only function that reads the signing
 * secret: API Gateway hands its context to every event of the connection, so routes need neither token nor secret.
 * Every function that pushes gets the stage's @connections URL and may POST to this stage's @connections; the
 * WebSocket routes that are not `silent` in the route list (they answer frames) may also DELETE (close a session
 * whose token has expired), and so may the HTTP routes that close sessions (an erasure), which get only DELETE.
 * Nothing more: a gone connection is only removed from the table.
 */
export class ChatWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly functions: Record<string, HandlerFunction> = {};
  readonly authorizerFunction: HandlerFunction;

  constructor(scope: Construct, id: string, props: ChatWebSocketApiProps) {
    super(scope, id);
    this.api = new WebSocketApi(this, 'Api', {
      description: 'Product-enquiry chat WebSocket API',
      routeSelectionExpression: '$request.body.action',
    });
    const domainName = props.domain && apiDomainName(this, 'Domain', props.domain);
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: WEBSOCKET_STAGE,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: apiAccessLog(this, 'AccessLogs', WEBSOCKET_ACCESS_LOG_FIELDS),
      ...(domainName && { domainMapping: { domainName } }),
    });
    this.authorizerFunction = new HandlerFunction(this, props.authorizer.name, props.authorizer.entry, {
      description: 'WebSocket $connect authorizer',
      environment: props.environment,
    });
    grantTableAccess(this.authorizerFunction, props.table, props.authorizer.table);
    props.signingSecret.grantRead(this.authorizerFunction);
    const authorizer = new WebSocketLambdaAuthorizer(props.authorizer.name, this.authorizerFunction, {
      identitySource: props.authorizer.identitySource,
    });
    for (const route of props.routes) {
      const fn = new HandlerFunction(this, route.name, route.entry, {
        description: `WebSocket ${route.routeKey}`,
        environment: props.environment,
      });
      grantTableAccess(fn, props.table, route.table);
      const apiRoute = this.api.addRoute(route.routeKey, {
        integration: new WebSocketLambdaIntegration(`${route.name}Integration`, fn),
        // API Gateway allows an authorizer on $connect only; the other routes belong to a connection it admitted.
        ...(route.routeKey === '$connect' && { authorizer }),
      });
      if (route.routeKey !== '$connect')
        Validations.of(apiRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'API Gateway allows an authorizer on $connect only: every frame belongs to a connection its Lambda authorizer admitted (jose: signature, exp, iss, aud, pinned algorithm), and carries that authorizer’s context.',
        });
      if (!route.silent) this.allowPush(fn, ['POST', 'DELETE']);
      // The stage's route settings name the route: deploy it first.
      if (route.throttle) this.stage.node.addDependency(apiRoute);
      this.functions[route.name] = fn;
    }
    this.throttleRoutes(props.routes);
    const closers = props.closers ?? [];
    for (const fn of props.pushers) this.allowPush(fn, closers.includes(fn) ? ['POST', 'DELETE'] : ['POST']);
    for (const fn of closers.filter((f) => !props.pushers.includes(f))) this.allowPush(fn, ['DELETE']);
    new CfnOutput(scope, 'WebSocketUrl', { value: props.domain ? `wss://${props.domain.domainName}` : this.stage.url });
    if (domainName) new CfnOutput(scope, 'WebSocketDomainTarget', { value: domainName.regionalDomainName });
  }

  /** The route list's per-route limits, as the stage's route settings (keyed by route key). */
  private throttleRoutes(routes: WebSocketRouteDef[]) {
    const throttled = routes.filter((r) => r.throttle);
    if (throttled.length === 0) return;
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      throttled.map((r) => [
        r.routeKey,
        { ThrottlingRateLimit: r.throttle!.rateLimit, ThrottlingBurstLimit: r.throttle!.burstLimit },
      ]),
    );
  }

  private allowPush(fn: LambdaFunction, methods: ConnectionsMethod[] = ['POST']) {
    fn.addEnvironment('WS_MANAGEMENT_ENDPOINT', this.stage.callbackUrl);
    const arns = methods.map((method) => connectionsArn(this.api, this.stage.stageName, method));
    Grant.addToPrincipal({ grantee: fn, actions: ['execute-api:ManageConnections'], resourceArns: arns });
    for (const [i, method] of methods.entries())
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagRendering(Stack.of(this).resolve(arns[i]))}]`,
        reason: `execute-api:ManageConnections on <api>/v1/${method}/@connections/*: connection ids are issued by API Gateway at run time, so the last segment cannot be named; the grant is limited to this API, this stage and ${method}.`,
      });
  }
}

type ConnectionsMethod = 'POST' | 'DELETE';

/** One method on any connection of this API's stage: the ids are API Gateway's, known only at run time. */
const connectionsArn = (api: WebSocketApi, stageName: string, method: ConnectionsMethod) =>
  Stack.of(api).formatArn({
    service: 'execute-api',
    resource: api.apiId,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    resourceName: `${stageName}/${method}/@connections/*`,
  });
