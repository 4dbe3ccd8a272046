import { CfnOutput } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { HttpRouteDef } from '../routes';
import { HandlerFunction } from './handler-function';

export interface ChatHttpApiProps {
  routes: HttpRouteDef[];
  table: TableV2;
  environment: Record<string, string>;
}

/** The HTTP API: one function per route of the route list. Tokens are verified in the functions (problem+json 401). */
export class ChatHttpApi extends Construct {
  readonly api: HttpApi;
  readonly functions: Record<string, HandlerFunction> = {};

  constructor(scope: Construct, id: string, props: ChatHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: 'Product-enquiry chat HTTP API' });
    for (const route of props.routes) {
      const fn = new HandlerFunction(this, route.name, route.entry, { environment: props.environment });
      props.table.grantReadWriteData(fn);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.name}Integration`, fn),
      });
      this.functions[route.name] = fn;
    }
    new CfnOutput(scope, 'HttpApiUrl', { value: this.api.apiEndpoint });
  }
}
