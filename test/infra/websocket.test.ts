import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '#infra/config';
import type { ChatHttpApi } from '#infra/constructs/http-api';
import { SelfTokenSecret } from '#infra/constructs/self-token-secret';
import type { StreamProcessing } from '#infra/constructs/stream-processing';
import { ChatWebSocketApi } from '#infra/constructs/websocket-api';
import {
  httpRoutes,
  streamConsumers,
  type WebSocketRouteDef,
  webSocketAuthorizer,
  webSocketRoutes,
} from '#infra/routes/index';
import { ChatStack } from '#infra/stack';
import { CLIENT_ACTIONS } from '#shared/ws/actions';
import { testContext } from '#test/infra/support/deploy-context';

let stack: ChatStack;
let template: Template;
let ws: ChatWebSocketApi;
let http: ChatHttpApi;

beforeAll(() => {
  const app = new App({ context: testContext() });
  stack = new ChatStack(app, 'Test');
  template = Template.fromStack(stack);
  ws = stack.node.findChild('WebSocket') as ChatWebSocketApi;
  http = stack.node.findChild('Http') as ChatHttpApi;
});

const logicalId = (construct: Construct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);

/** Every IAM statement attached to a function's role. */
const statementsOf = (fn: Construct) => {
  const fnProps = template.toJSON().Resources[logicalId(fn)].Properties;
  const roleId = fnProps.Role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{
    Properties: { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: any[] } };
  }>;
  return policies
    .filter((p) => p.Properties.Roles.some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
};

const manageConnections = (fn: Construct) =>
  statementsOf(fn).filter((s) => [s.Action].flat().includes('execute-api:ManageConnections'));

describe('the WebSocket API', () => {
  it('is a WebSocket API selecting routes on the action field, with an auto-deployed stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'v1',
      AutoDeploy: true,
      ApiId: { Ref: logicalId(ws.api) },
    });
  });

  it('has one route and one Node.js 24 arm64 function per entry of the route list', () => {
    const routeKeys = webSocketRoutes.map((r) => r.routeKey);
    expect(routeKeys).toEqual(expect.arrayContaining(['$connect', '$disconnect', '$default', ...CLIENT_ACTIONS]));
    expect(routeKeys).toHaveLength(3 + CLIENT_ACTIONS.length);
    const resources = template.toJSON().Resources;
    for (const route of webSocketRoutes) {
      const fn = ws.functions[route.name]!;
      expect(resources[logicalId(fn)].Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      const routes = template.findResources('AWS::ApiGatewayV2::Route', {
        Properties: { ApiId: { Ref: logicalId(ws.api) }, RouteKey: route.routeKey },
      });
      expect(Object.keys(routes)).toHaveLength(1);
      // Route → integration → this route's function.
      const target = JSON.stringify(Object.values(routes)[0]!.Properties.Target);
      const integrationId = Object.keys(template.findResources('AWS::ApiGatewayV2::Integration')).find((id) =>
        target.includes(id),
      )!;
      expect(JSON.stringify(resources[integrationId].Properties.IntegrationUri)).toContain(logicalId(fn));
    }
  });

  it("lets exactly the pushing functions POST to this stage's @connections, the frame routes DELETE (expired sessions) and the erasure DELETE (closing the user's sessions), nothing else", () => {
    const wsPushers = webSocketRoutes
      .filter((r) => !['$connect', '$disconnect'].includes(r.routeKey))
      .map((r) => ws.functions[r.name]!);
    const httpPushers = httpRoutes.filter((r) => r.pushes).map((r) => http.functions[r.name]!);
    const httpClosers = httpRoutes.filter((r) => r.closesSessions).map((r) => http.functions[r.name]!);
    const streamOf = (name: string) => (stack.node.findChild(name) as StreamProcessing).function;
    // The email stream announces an erasure's redactions; the chat's own stream pushes nothing.
    expect(streamConsumers.filter((c) => c.pushes).map((c) => c.name)).toEqual(['EmailStream']);
    const streamPushers = streamConsumers.filter((c) => c.pushes).map((c) => streamOf(c.name));
    expect(httpRoutes.filter((r) => r.closesSessions).map((r) => r.name)).toEqual(['EraseUser']);
    expect(httpRoutes.filter((r) => r.pushes).map((r) => r.name)).toEqual(
      expect.arrayContaining(['SendMessage', 'MarkRead', 'CreateConversation']),
    );
    const methodsOf = (resources: unknown) =>
      [...JSON.stringify(resources).matchAll(/\/v1\/([A-Z]+)\/@connections\/\*/g)].map((m) => m[1]);
    for (const [fns, methods] of [
      [wsPushers, ['POST', 'DELETE']],
      [httpPushers, ['POST']],
      [streamPushers, ['POST']],
      [httpClosers, ['DELETE']],
    ] as const) {
      for (const fn of fns) {
        const statements = manageConnections(fn);
        expect(statements).toHaveLength(1);
        expect(JSON.stringify(statements[0].Resource)).toContain(logicalId(ws.api));
        expect(methodsOf(statements[0].Resource)).toEqual(methods);
        const env = template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables;
        expect(JSON.stringify(env.WS_MANAGEMENT_ENDPOINT)).toContain(logicalId(ws.api));
      }
    }
    const silent = [
      ws.functions.WsConnect!,
      ws.functions.WsDisconnect!,
      ...httpRoutes.filter((r) => !r.pushes && !r.closesSessions).map((r) => http.functions[r.name]!),
      ...streamConsumers.filter((c) => !c.pushes).map((c) => streamOf(c.name)),
    ];
    for (const fn of silent) expect(manageConnections(fn)).toEqual([]);
  });

  it('takes the silent routes from the route list: exactly the silent ones get no @connections grant', () => {
    expect(webSocketRoutes.filter((r) => r.silent).map((r) => r.routeKey)).toEqual(['$connect', '$disconnect']);
    for (const route of webSocketRoutes) {
      expect({ route: route.routeKey, grants: manageConnections(ws.functions[route.name]!).length }).toEqual({
        route: route.routeKey,
        grants: route.silent ? 0 : 1,
      });
    }
  });

  it('throttles the stage with the webSocketThrottle… context defaults, and no route on its own (none declares one)', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'v1',
      DefaultRouteSettings: {
        ThrottlingRateLimit: DEFAULTS.webSocketThrottleRate,
        ThrottlingBurstLimit: DEFAULTS.webSocketThrottleBurst,
      },
      RouteSettings: Match.absent(),
    });
    expect(webSocketRoutes.filter((r) => r.throttle)).toEqual([]);
  });

  it("applies a route's own throttle from the route list as the stage's setting for that route key", () => {
    const app = new App({ context: testContext() });
    const scope = new Stack(app, 'Throttled');
    const routes: WebSocketRouteDef[] = [
      ...webSocketRoutes.filter((r) => r.routeKey !== 'typing'),
      { ...webSocketRoutes.find((r) => r.routeKey === 'typing')!, throttle: { rateLimit: 5, burstLimit: 10 } },
    ];
    new ChatWebSocketApi(scope, 'WebSocket', {
      routes,
      authorizer: webSocketAuthorizer,
      table: new TableV2(scope, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING } }),
      environment: {},
      pushers: [],
      signingSecret: new SelfTokenSecret(scope, 'Secret'),
      throttle: { rateLimit: 100, burstLimit: 200 },
    });
    const throttled = Template.fromStack(scope);
    const [stage] = Object.entries(throttled.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage![1].Properties).toMatchObject({
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      RouteSettings: { typing: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } },
    });
    const [typingRoute] = Object.keys(
      throttled.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'typing' } }),
    );
    expect(stage![1].DependsOn).toContain(typingRoute);
  });

  it('gives every WebSocket function exactly its declared table actions, and outputs the wss:// URL', () => {
    for (const route of webSocketRoutes) {
      const granted = statementsOf(ws.functions[route.name]!)
        .flatMap((s) => [s.Action].flat())
        .filter((a) => String(a).startsWith('dynamodb:'));
      expect(granted.sort(), route.routeKey).toEqual(route.table.actions.map((a) => `dynamodb:${a}`).sort());
    }
    template.hasOutput('WebSocketUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
  });
});

describe('the $connect authorizer', () => {
  const authorizers = () => template.findResources('AWS::ApiGatewayV2::Authorizer');
  const routeOf = (routeKey: string) =>
    Object.values(
      template.findResources('AWS::ApiGatewayV2::Route', {
        Properties: { ApiId: { Ref: logicalId(ws.api) }, RouteKey: routeKey },
      }),
    )[0]!.Properties;

  it('is one Lambda REQUEST authorizer of this API, taking the token from ?token=, running its own function', () => {
    expect(Object.keys(authorizers())).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: logicalId(ws.api) },
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
    });
    expect(webSocketAuthorizer.identitySource).toEqual(['route.request.querystring.token']);
    const [authorizer] = Object.values(authorizers());
    expect(JSON.stringify(authorizer!.Properties.AuthorizerUri)).toContain(logicalId(ws.authorizerFunction));
    const fn = template.toJSON().Resources[logicalId(ws.authorizerFunction)].Properties;
    expect(fn).toMatchObject({
      Description: 'WebSocket $connect authorizer',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
    });
    // API Gateway may invoke it, for this API's authorizers only.
    const [permission] = Object.values(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { FunctionName: { 'Fn::GetAtt': [logicalId(ws.authorizerFunction), 'Arn'] } },
      }),
    );
    expect(permission!.Properties.Principal).toBe('apigateway.amazonaws.com');
    expect(JSON.stringify(permission!.Properties.SourceArn)).toContain('/authorizers/');
    expect(JSON.stringify(permission!.Properties.SourceArn)).toContain(logicalId(ws.api));
  });

  it('is attached to $connect only (API Gateway hands its context to every later event of the connection)', () => {
    const [authorizerId] = Object.keys(authorizers());
    expect(routeOf('$connect')).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    for (const route of webSocketRoutes.filter((r) => r.routeKey !== '$connect')) {
      const props = routeOf(route.routeKey);
      expect({ route: route.routeKey, type: props.AuthorizationType ?? 'NONE', id: props.AuthorizerId }).toEqual({
        route: route.routeKey,
        type: 'NONE',
        id: undefined,
      });
    }
  });

  it('may read the erased-user mark and the signing secret, nothing else; no route function reads that secret', () => {
    const statements = statementsOf(ws.authorizerFunction);
    const actions = statements.flatMap((s) => [s.Action].flat()).filter((a) => !String(a).startsWith('logs:'));
    expect(actions.sort()).toEqual(
      [...webSocketAuthorizer.table.actions.map((a) => `dynamodb:${a}`), 'secretsmanager:GetSecretValue'].sort(),
    );
    expect(webSocketAuthorizer.table).toEqual({ actions: ['GetItem'] });
    const env = template.toJSON().Resources[logicalId(ws.authorizerFunction)].Properties.Environment.Variables;
    expect(env.SELF_TOKEN_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^SelfTokenSecret/) });
    expect(env).not.toHaveProperty('WS_MANAGEMENT_ENDPOINT');
    for (const route of webSocketRoutes) {
      const fn = ws.functions[route.name]!;
      const reads = statementsOf(fn).filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
      expect({ route: route.routeKey, reads }).toEqual({ route: route.routeKey, reads: [] });
      const variables = template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables;
      expect(variables, route.routeKey).not.toHaveProperty('SELF_TOKEN_SECRET_ARN');
    }
  });
});
