import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  httpRoutes,
  inboundMailHandler,
  streamConsumers,
  webSocketAuthorizer,
  webSocketRoutes,
} from '#infra/routes/index';
import { createTable } from './create-table';
import { loadDemoCatalog } from './demo-catalog';
import { startDynamoDbLocal } from './dynamodb-local';
import { applyEnvironment, LOCAL_ATTACHMENTS_BUCKET, LOCAL_INBOUND_MAIL, localEnvironment } from './environment';
import { freePort } from './free-port';
import { startHttpGateway } from './http-gateway';
import { startS3Local } from './s3-local';
import { startSesLocal } from './ses-local';
import { type SentEmail, startSesRecorder } from './ses-recorder';
import { startSmtpReceiver } from './smtp-receiver';
import { StreamPoller } from './stream-poller';
import { startWebServer } from './web-server';
import { startWebSocketGateway } from './ws-gateway';

export interface LocalStackOptions {
  /** 0 picks a free port (ws, SES, SMTP, S3 and web: also when absent). */
  ports: { http: number; dynamodb: number; ws?: number; ses?: number; smtp?: number; s3?: number; web?: number };
  dataDir?: string;
  demoCatalog?: boolean;
  tableName?: string;
}

export interface LocalStack {
  urls: { http: string; ws: string; dynamodb: string; ses: string; s3: string; web: string };
  /** The SMTP receiver's port (mail for REPLY_DOMAIN). */
  smtpPort: number;
  env: Record<string, string>;
  poller: StreamPoller;
  stop: () => Promise<void>;
}

/**
 * Both consumers of the table stream of the route list, each reading it on its own with the batch and retry
 * settings its event source mapping has in AWS.
 */
export const tableStreamPoller = (endpoint: string, tableName: string) =>
  new StreamPoller({ endpoint, tableName, consumers: streamConsumers });

/** Local stack only, never deployed: `GET /_local/emails`, every raw email handed to SES, newest first. */
const localEmails = (emails: () => SentEmail[]) => (req: IncomingMessage, res: ServerResponse, url: URL) => {
  if (req.method !== 'GET' || url.pathname !== '/_local/emails') return false;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(emails()));
  return true;
};

/**
 * The whole system on one machine: DynamoDB Local with its stream, the table from the shared definition,
 * the local SES endpoint (behind a recorder that keeps every raw email), a local S3 (attachments and raw received
 * mail), the stream poller (both stream consumers), the WebSocket gateway (with its @connections API), the SMTP
 * receiver for replies by email and the HTTP gateway, all invoking the same handlers as AWS, and the web front
 * (pages, widget, local sign-in). Stops in reverse order.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => console.error('stop failed', e));
  };
  try {
    const dynamo = await startDynamoDbLocal(options.ports.dynamodb || (await freePort()), options.dataDir);
    stops.push(dynamo.stop);

    const ses = await startSesLocal(options.ports.ses ?? 0);
    stops.push(ses.stop);
    const recorder = await startSesRecorder(ses.endpoint);
    stops.push(recorder.stop);
    const s3 = await startS3Local(
      options.ports.s3 ?? 0,
      [{ name: LOCAL_ATTACHMENTS_BUCKET, cors: true }, LOCAL_INBOUND_MAIL.bucket],
      options.dataDir,
    );
    stops.push(s3.stop);
    // The WebSocket gateway comes before the handlers run: they need its @connections endpoint in their environment.
    const ws = await startWebSocketGateway(webSocketRoutes, options.ports.ws || (await freePort()), {
      authorizer: webSocketAuthorizer,
    });
    stops.push(ws.stop);
    // The web front's address is known before it starts: email links point at its inbox.
    const webPort = options.ports.web || (await freePort());
    const env = localEnvironment(
      {
        dynamodb: dynamo.endpoint,
        ses: recorder.endpoint,
        wsManagement: ws.managementEndpoint,
        s3: s3.endpoint,
        web: `http://localhost:${webPort}`,
      },
      options.tableName,
    );
    applyEnvironment(env);
    const client = new DynamoDBClient({});
    await createTable(client, env.TABLE_NAME);
    client.destroy();
    if (options.demoCatalog) await loadDemoCatalog();

    const poller = tableStreamPoller(dynamo.endpoint, env.TABLE_NAME);
    poller.start();
    stops.push(() => poller.stop());

    const smtp = await startSmtpReceiver({
      port: options.ports.smtp ?? 0,
      replyDomain: env.REPLY_DOMAIN,
      s3: { endpoint: s3.endpoint, ...LOCAL_INBOUND_MAIL },
      handler: inboundMailHandler,
    });
    stops.push(smtp.stop);

    const emails = localEmails(recorder.emails);
    const http = await startHttpGateway(httpRoutes, options.ports.http || (await freePort()), (req, res, url) => {
      if (emails(req, res, url)) return true;
      if (url.pathname !== '/health') return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return true;
    });
    stops.push(http.stop);

    const web = await startWebServer({ port: webPort, httpUrl: http.url, wsUrl: ws.url });
    stops.push(web.stop);

    return {
      urls: { http: http.url, ws: ws.url, dynamodb: dynamo.endpoint, ses: ses.endpoint, s3: s3.endpoint, web: web.url },
      smtpPort: smtp.port,
      env,
      poller,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
