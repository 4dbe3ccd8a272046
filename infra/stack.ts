import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../shared/observability/metric-names';
import { chatConfig } from './config';
import { ChatData } from './constructs/data';
import { HandlerFunction } from './constructs/handler-function';
import { ChatHttpApi } from './constructs/http-api';
import { Monitoring } from './constructs/monitoring';
import { SelfTokenSecret } from './constructs/self-token-secret';
import { StreamProcessing } from './constructs/stream-processing';
import { httpRoutes } from './routes';

/** The whole product in one stack. Every knob comes from CDK context (infra/config.ts, README "Deploy"). */
export class ChatStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const config = chatConfig(this);
    const data = new ChatData(this, 'Data');
    const signingSecret = new SelfTokenSecret(this, 'SelfTokenSecret');
    const environment = {
      TABLE_NAME: data.table.tableName,
      JWT_AUDIENCE: config.auth.audience,
      ...(config.auth.issuer && { JWT_ISSUER: config.auth.issuer, JWT_JWKS_URL: config.auth.jwksUrl! }),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };

    const http = new ChatHttpApi(this, 'Http', {
      routes: httpRoutes,
      table: data.table,
      environment,
      signingSecret,
      corsOrigins: config.corsOrigins,
      throttle: config.throttle,
      domain: config.domains.http,
    });
    const stream = new StreamProcessing(this, 'Stream', { table: data.table, environment });
    // The WebSocket API goes here (config.domains.webSocket, signingSecret.grantRead, grantTableAccess),
    // with its output `WebSocketUrl` below and `monitoring.watchWebSocketApi(...)`.

    const monitoring = new Monitoring(this, 'Monitoring', { ...(config.alarmEmail && { alarmEmail: config.alarmEmail }) });
    monitoring.watchHttpApi(http.api);
    monitoring.watchBusinessMetrics();
    monitoring.watchStreamConsumer(stream.function);
    monitoring.watchDeadLetterQueue('Stream', stream.deadLetterQueue,
      'A table stream batch failed for 6 h or 10 retries and was skipped: some unread counts, activity order or emails did not happen.');
    monitoring.watchSesReputation();
    monitoring.watchFunctions(HandlerFunction.allIn(this)); // keep after every construct that makes functions

    new CfnOutput(this, 'HttpApiUrl', { value: http.url, description: 'Base URL of the HTTP API' });
    if (http.domainName) {
      new CfnOutput(this, 'HttpApiDomainTarget', { value: http.domainName.regionalDomainName, description: `Point a CNAME for ${config.domains.http!.domainName} here` });
      new CfnOutput(this, 'HttpApiExecuteEndpoint', { value: http.api.apiEndpoint, description: 'The same API before DNS points at the custom domain' });
    }
    // WebSocketUrl: added by the WebSocket API construct.
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: stream.deadLetterQueue.queueUrl, description: 'Failed table stream batches' });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.alarmTopic.topicArn });
  }
}
