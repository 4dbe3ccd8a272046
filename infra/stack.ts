import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AttachmentStorage } from '#infra/constructs/attachments';
import { ChatData } from '#infra/constructs/data';
import { HandlerFunction } from '#infra/constructs/handler-function';
import { ChatHttpApi } from '#infra/constructs/http-api';
import { InboundMail } from '#infra/constructs/inbound-mail';
import { Monitoring } from '#infra/constructs/monitoring';
import { Notifications } from '#infra/constructs/notifications';
import { SelfTokenSecret } from '#infra/constructs/self-token-secret';
import { StreamProcessing } from '#infra/constructs/stream-processing';
import { WebHosting } from '#infra/constructs/web-hosting';
import { ChatWebSocketApi } from '#infra/constructs/websocket-api';
import {
  emailStreamHandler,
  httpRoutes,
  inboundMailHandler,
  type StreamConsumerDef,
  streamHandler,
  webSocketAuthorizer,
  webSocketRoutes,
} from '#infra/routes/index';
import { METRICS_NAMESPACE, SERVICE_NAME } from '#shared/observability/metric-names';
import { chatConfig } from './config';

/** The whole product in one stack. Every knob comes from CDK context (infra/config.ts, README "Deploy"). */
export class ChatStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const config = chatConfig(this);
    for (const warning of config.warnings)
      Annotations.of(this).addWarningV2(`chat:context:${warning.split(' ')[0]}`, warning);
    const data = new ChatData(this, 'Data');
    const signingSecret = new SelfTokenSecret(this, 'SelfTokenSecret');
    const environment = {
      TABLE_NAME: data.table.tableName,
      JWT_AUDIENCE: config.auth.audience,
      ...(config.auth.issuer && { JWT_ISSUER: config.auth.issuer, JWT_JWKS_URL: config.auth.jwksUrl! }),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      COMPAT_PUBLIC_KEYS: JSON.stringify(config.compatPublicKeys),
      SEND_RATE_PER_SECOND: String(config.rateLimits.sendRatePerSecond),
      SEND_BURST: String(config.rateLimits.sendBurst),
      GUEST_SESSIONS_PER_MINUTE: String(config.rateLimits.guestSessionsPerMinute),
    };

    // The hosted web front (optional) calls the HTTP API from its own origin: CORS must allow it.
    const web = config.webHosting ? new WebHosting(this, 'Web') : undefined;
    const http = new ChatHttpApi(this, 'Http', {
      routes: httpRoutes,
      table: data.table,
      environment,
      signingSecret,
      corsOrigins: web && !config.corsOrigins.includes('*') ? [...config.corsOrigins, web.origin] : config.corsOrigins,
      throttle: config.throttle,
      domain: config.domains.http,
    });
    const pushers = httpRoutes.filter((r) => r.pushes).map((r) => http.functions[r.name]!);
    // Reply by email (off without a reply domain): received mail becomes messages, pushed like any other.
    const replyDomain = config.email.replyDomain;
    const inbound =
      replyDomain &&
      new InboundMail(this, inboundMailHandler.name, {
        replyDomain,
        handler: inboundMailHandler,
        table: data.table,
        environment,
      });
    if (inbound) pushers.push(inbound.function);
    // Two readers of the table stream: the chat's effects, and the work that may wait (emails, erasure steps), so an
    // SES outage or a long erasure delays only those. Their batch and retry settings are the route list's
    // (infra/routes/stream.ts), as in the local poller.
    const stream = new StreamProcessing(this, streamHandler.name, {
      table: data.table,
      consumer: streamHandler,
      environment,
    });
    const notifications = new Notifications(this, 'Notifications', config.email);
    const emailStream = new StreamProcessing(this, emailStreamHandler.name, {
      table: data.table,
      consumer: emailStreamHandler,
      environment: { ...environment, ...notifications.environment },
    });
    notifications.grantSend(emailStream.function);
    for (const [consumer, processing] of [
      [streamHandler, stream],
      [emailStreamHandler, emailStream],
    ] as const)
      if (consumer.pushes) pushers.push(processing.function);
    const closers = httpRoutes.filter((r) => r.closesSessions).map((r) => http.functions[r.name]!);
    const webSocket = new ChatWebSocketApi(this, 'WebSocket', {
      routes: webSocketRoutes,
      authorizer: webSocketAuthorizer,
      table: data.table,
      environment,
      pushers,
      closers,
      signingSecret,
      throttle: config.throttle.webSocket,
      domain: config.domains.webSocket,
    });
    web?.deploy({
      apiUrl: http.url.replace(/\/$/, ''),
      wsUrl: config.domains.webSocket ? `wss://${config.domains.webSocket.domainName}` : webSocket.stage.url,
    });
    // Attachments: each function may do with the bucket what its route declares (`storage` in the route list).
    const attachments = new AttachmentStorage(this, 'Attachments', { corsOrigins: config.corsOrigins });
    for (const route of httpRoutes) attachments.grant(http.functions[route.name]!, route.storage);
    for (const route of webSocketRoutes) attachments.grant(webSocket.functions[route.name]!, route.storage);
    attachments.grant(emailStream.function, emailStreamHandler.storage);

    const monitoring = new Monitoring(this, 'Monitoring', {
      ...(config.alarmEmail && { alarmEmail: config.alarmEmail }),
    });
    monitoring.watchHttpApi(http.api);
    monitoring.watchBusinessMetrics();
    monitoring.watchStreamConsumer(streamHandler.name, stream.function, 'unread counts and activity order are late');
    monitoring.watchDeadLetterQueue(
      streamHandler.name,
      stream.deadLetterQueue,
      `A table stream batch failed for ${givenUpAfter(streamHandler)} and was skipped: some unread counts or activity order did not happen.`,
    );
    monitoring.watchStreamConsumer(
      emailStreamHandler.name,
      emailStream.function,
      'notification emails or data erasures are late (look for SES errors)',
    );
    monitoring.watchDeadLetterQueue(
      emailStreamHandler.name,
      emailStream.deadLetterQueue,
      `An email stream batch failed for ${givenUpAfter(emailStreamHandler)} and was skipped: some new-conversation or notification emails were not sent, or an erasure stopped (repeat DELETE /v1/users/{userId}).`,
    );
    monitoring.watchSesReputation();
    if (inbound) monitoring.watchInboundMail(inboundMailHandler.name, inbound.failures);
    monitoring.watchWebSocketApi(webSocket.api.apiId, webSocket.stage.stageName);
    monitoring.watchFunctions(HandlerFunction.allIn(this)); // keep after every construct that makes functions

    new CfnOutput(this, 'HttpApiUrl', { value: http.url, description: 'Base URL of the HTTP API' });
    if (http.domainName) {
      new CfnOutput(this, 'HttpApiDomainTarget', {
        value: http.domainName.regionalDomainName,
        description: `Point a CNAME for ${config.domains.http!.domainName} here`,
      });
      new CfnOutput(this, 'HttpApiExecuteEndpoint', {
        value: http.api.apiEndpoint,
        description: 'The same API before DNS points at the custom domain',
      });
    }
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: stream.deadLetterQueue.queueUrl,
      description: 'Failed table stream batches (unread counts, activity order)',
    });
    new CfnOutput(this, 'EmailDeadLetterQueueUrl', {
      value: emailStream.deadLetterQueue.queueUrl,
      description: 'Failed table stream batches (emails)',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.alarmTopic.topicArn });
    if (inbound) {
      new CfnOutput(this, 'ReceiptRuleSetName', {
        value: inbound.ruleSet.receiptRuleSetName,
        description: `Activate it once for replies to ${replyDomain} (one rule set is active per account and region)`,
      });
      new CfnOutput(this, 'InboundMailFailedQueueUrl', {
        value: inbound.failures.queueUrl,
        description: 'Received emails whose handling failed after retries',
      });
    }
  }
}

/** When a consumer gives a failing batch up, from its mapping settings in the route list. */
const givenUpAfter = ({ mapping }: StreamConsumerDef) =>
  `${mapping.retryAttempts} retries or ${mapping.maxRecordAgeSeconds / 3600} h, whichever came first`;
