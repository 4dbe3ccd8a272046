import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ChatData } from './constructs/data';
import { ChatHttpApi } from './constructs/http-api';
import { Notifications, notificationSettingsFromContext } from './constructs/notifications';
import { StreamProcessing } from './constructs/stream-processing';
import { ChatWebSocketApi } from './constructs/websocket-api';
import { httpRoutes, webSocketRoutes } from './routes';

/** Compatibility dialect 004's X-PUBLIC-KEY → tenant map, from context `compatPublicKeys` (a JSON string or object). */
const compatPublicKeys = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? {}));

/** The whole product in one stack: data, HTTP API, WebSocket API, stream processing. */
export class ChatStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const data = new ChatData(this, 'Data');
    const environment = {
      TABLE_NAME: data.table.tableName,
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'product-enquiry-chat',
      COMPAT_PUBLIC_KEYS: compatPublicKeys(this.node.tryGetContext('compatPublicKeys')),
    };
    const http = new ChatHttpApi(this, 'Http', { routes: httpRoutes, table: data.table, environment });
    const pushers = httpRoutes.filter((r) => r.pushes).map((r) => http.functions[r.name]!);
    new ChatWebSocketApi(this, 'WebSocket', { routes: webSocketRoutes, table: data.table, environment, pushers });
    const notifications = new Notifications(this, 'Notifications', notificationSettingsFromContext(this));
    const stream = new StreamProcessing(this, 'Stream', { table: data.table, environment: { ...environment, ...notifications.environment } });
    notifications.grantSend(stream.function);
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: stream.deadLetterQueue.queueUrl });
  }
}
