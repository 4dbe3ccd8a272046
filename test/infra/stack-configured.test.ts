import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '#infra/routes/index';
import { ChatStack } from '#infra/stack';
import { functionByDescription, lambdaFunctions } from '#test/infra/support/template-queries';

/** A deployment with every knob turned, as README "Deploy" shows it. */
const CONTEXT = {
  'aws:cdk:bundling-stacks': [],
  stackName: 'ShopChat',
  jwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
  jwtAudience: '4example1clientid',
  corsOrigins: 'https://shop.example.com,https://sellers.example.com',
  throttleRate: '50',
  throttleBurst: '100',
  routeThrottles:
    '{"POST /v1/conversations/{id}/messages": {"rate": 30, "burst": 60}, "POST /v1/conversations": {"rate": 5, "burst": 10}}',
  httpDomainName: 'chat-api.example.com',
  httpCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666',
  sesSender: 'Shop Chat <no-reply@shop.example.com>',
  sesIdentity: 'shop.example.com',
  replyTo: 'help@shop.example.com',
  sellerInboxUrl: 'https://sellers.example.com/inbox',
  customerInboxUrl: 'https://shop.example.com/messages',
  emailWindowMinutes: '30',
  alarmEmail: 'ops@example.com',
  logRetentionDays: '90',
  sendRatePerSecond: '3',
  sendBurst: '12',
  guestSessionsPerMinute: '60',
};

let stack: Stack;
let template: Template;

beforeAll(() => {
  const app = new App({ context: CONTEXT });
  stack = new ChatStack(app, 'ShopChat', { env: { account: '123456789012', region: 'eu-west-1' } });
  template = Template.fromStack(stack);
});

describe('the stack with every context knob set', () => {
  it("verifies the OIDC provider's tokens: issuer, its JWKS URL and the audience reach every HTTP function", () => {
    for (const route of httpRoutes) {
      expect(
        functionByDescription(template, `${route.method} ${route.path}`).resource.Properties.Environment.Variables,
      ).toMatchObject({
        JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
        JWT_JWKS_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/jwks.json',
        JWT_AUDIENCE: '4example1clientid',
      });
    }
  });

  it('gives every function the rate limits: the per-user message rate and burst, guest sessions per address', () => {
    for (const [id, fn] of Object.entries(lambdaFunctions(template))) {
      expect(fn.Properties.Environment.Variables, id).toMatchObject({
        SEND_RATE_PER_SECOND: '3',
        SEND_BURST: '12',
        GUEST_SESSIONS_PER_MINUTE: '60',
      });
    }
  });

  it('answers CORS preflights for the given origins only, with the headers the contract uses', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://shop.example.com', 'https://sellers.example.com'],
        AllowHeaders: ['authorization', 'content-type', 'x-tenant', 'x-public-key'], // x-public-key: compatibility dialect 004
        AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        ExposeHeaders: ['retry-after', 'x-guest-token'], // x-guest-token: compatibility dialect 000
        AllowCredentials: Match.absent(),
      },
    });
  });

  it("applies the stage limits and merges per-route limits over the route list's own", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      RouteSettings: {
        'POST /v1/conversations': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'POST /v1/conversations/{id}/messages': { ThrottlingRateLimit: 30, ThrottlingBurstLimit: 60 },
      },
    });
  });

  it('serves the API on the custom domain with the given certificate, TLS 1.2, and outputs where DNS must point', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'chat-api.example.com',
      DomainNameConfigurations: [
        { CertificateArn: CONTEXT.httpCertificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
      ],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      Stage: Match.anyValue(),
      DomainName: { Ref: Match.anyValue() },
    });
    const outputs = template.findOutputs('*');
    expect(outputs.HttpApiUrl!.Value).toBe('https://chat-api.example.com');
    expect(outputs.HttpApiExecuteEndpoint!.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'],
    });
    expect(outputs.HttpApiDomainTarget!.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^HttpDomain/), 'RegionalDomainName'],
    });
  });

  it('subscribes the alarm email and names alarms and the dashboard after the stack', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'ShopChat-Http5xxRate' });
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'ShopChat-eu-west-1' });
  });

  it("keeps every log group, functions' and access logs alike, for the configured 90 days", () => {
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups.length).toBe(Object.keys(lambdaFunctions(template)).length + 2); // + the HTTP and WebSocket access logs
    for (const group of logGroups) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('is cdk-nag clean too', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('refuses a per-route limit for a route the API does not have', () => {
    const app = new App({ context: { ...CONTEXT, routeThrottles: { 'POST /v1/nope': { rate: 1, burst: 1 } } } });
    expect(() => new ChatStack(app, 'Bad')).toThrowError(
      /routeThrottles names routes the API does not have: POST \/v1\/nope/,
    );
  });
});
