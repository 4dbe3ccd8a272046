import { Duration, Validations } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  type CorsPreflightOptions,
  type DomainName,
  HttpApi,
  HttpMethod,
  HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { ChatConfig, CustomDomain } from '#infra/config';
import type { HttpRouteDef, RouteThrottle } from '#infra/routes/index';
import { apiAccessLog, HTTP_ACCESS_LOG_FIELDS } from './api-access-log';
import { apiDomainName } from './api-domain';
import { HandlerFunction } from './handler-function';
import type { SelfTokenSecret } from './self-token-secret';
import { grantTableAccess } from './table-access';

export interface ChatHttpApiProps {
  routes: HttpRouteDef[];
  table: ITableV2;
  environment: Record<string, string>;
  signingSecret: SelfTokenSecret;
  corsOrigins: string[];
  throttle: ChatConfig['throttle'];
  domain?: CustomDomain;
}

/**
 * The HTTP API: one function per route of the route list, each allowed only its declared table access.
 * Tokens are verified in the functions (jose), so every error, 401 included, is the contract's problem+json.
 */
export class ChatHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: Record<string, HandlerFunction> = {};
  readonly domainName?: DomainName;
  private readonly customDomain?: CustomDomain;

  constructor(scope: Construct, id: string, props: ChatHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Product-enquiry chat HTTP API',
      createDefaultStage: false,
      ...(props.corsOrigins.length > 0 && { corsPreflight: corsFor(props.corsOrigins) }),
    });
    this.customDomain = props.domain;
    this.domainName = props.domain && apiDomainName(this, 'Domain', props.domain);
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle.stage,
      accessLogSettings: apiAccessLog(this, 'AccessLogs', HTTP_ACCESS_LOG_FIELDS),
      ...(this.domainName && { domainMapping: { domainName: this.domainName } }),
    });

    for (const route of props.routes) {
      const fn = new HandlerFunction(this, route.name, route.entry, {
        description: `${route.method} ${route.path}`,
        environment: props.environment,
      });
      grantTableAccess(fn, props.table, route.table);
      props.signingSecret.grantRead(fn);
      const [apiRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.name}Integration`, fn),
      });
      Validations.of(apiRoute!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          "Every handler verifies the bearer JWT itself (jose: signature, exp, iss, aud, pinned algorithm) so that a 401 is the contract's problem+json and guest tokens of our own issuer work next to the OIDC provider's; a gateway authorizer would answer 401 in its own format.",
      });
      this.stage.node.addDependency(apiRoute!);
      this.functions[route.name] = fn;
    }
    this.throttleRoutes(props.routes, props.throttle.routes);
  }

  /** The base URL clients call: the custom domain when there is one. */
  get url(): string {
    return this.customDomain ? `https://${this.customDomain.domainName}` : this.api.apiEndpoint;
  }

  /** Per-route limits: the route list's own, then the `routeThrottles` context on top. */
  private throttleRoutes(routes: HttpRouteDef[], overrides: Record<string, RouteThrottle>) {
    const routeKeys = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const unknown = Object.keys(overrides).filter((key) => !routeKeys.has(key));
    if (unknown.length > 0) {
      throw new Error(
        `routeThrottles names routes the API does not have: ${unknown.join(', ')}. Route keys look like "POST /v1/conversations".`,
      );
    }
    const limits: Record<string, RouteThrottle> = {
      ...Object.fromEntries(
        routes.flatMap((r) => (r.throttle ? [[`${r.method} ${r.path}`, r.throttle] as const] : [])),
      ),
      ...overrides,
    };
    if (Object.keys(limits).length === 0) return;
    // RouteSettings is raw JSON to CloudFormation: the keys are written as the resource spec spells them.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      Object.entries(limits).map(([key, l]) => [
        key,
        { ThrottlingRateLimit: l.rateLimit, ThrottlingBurstLimit: l.burstLimit },
      ]),
    );
  }
}

/** Bearer tokens, no cookies: credentials stay off, and only the headers the contract uses are allowed. */
const corsFor = (origins: string[]): CorsPreflightOptions => ({
  allowOrigins: origins,
  allowMethods: [
    CorsHttpMethod.GET,
    CorsHttpMethod.POST,
    CorsHttpMethod.PUT,
    CorsHttpMethod.PATCH,
    CorsHttpMethod.DELETE,
  ],
  allowHeaders: ['authorization', 'content-type', 'x-tenant', 'x-public-key'],
  exposeHeaders: ['retry-after', 'x-guest-token'],
  maxAge: Duration.hours(1),
});
