import { startLocalStack } from './stack';

/**
 * `npm start`: the whole system locally. Ports from PORT, WS_PORT, DYNAMODB_PORT, SES_PORT, SMTP_PORT, S3_PORT,
 * WEB_PORT (defaults of the contract).
 */
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const stack = await startLocalStack({
  ports: {
    http: port('PORT', 3000),
    ws: port('WS_PORT', 3001),
    dynamodb: port('DYNAMODB_PORT', 8000),
    ses: port('SES_PORT', 8005),
    smtp: port('SMTP_PORT', 2525),
    s3: port('S3_PORT', 4569),
    web: port('WEB_PORT', 3002),
  },
  ...(process.env.DYNAMODB_DATA_DIR && { dataDir: process.env.DYNAMODB_DATA_DIR }),
  demoCatalog: process.env.DEMO_CATALOG !== 'false',
});

console.log(`
Product-enquiry chat is running locally.
  Web front     ${stack.urls.web}   (storefront with the chat widget; ${stack.urls.web}/inbox, ${stack.urls.web}/support)
  HTTP API      ${stack.urls.http}   (GET ${stack.urls.http}/health)
  WebSocket API ${stack.urls.ws}/?token=<JWT>   (@connections API on the same port)
  DynamoDB      ${stack.urls.dynamodb}   (table ${stack.env.TABLE_NAME}, stream poller on)
  Email inbox   ${stack.urls.ses}   (every email sent; JSON at ${stack.urls.ses}/store; raw MIME at ${stack.urls.http}/_local/emails)
  Reply by email smtp://127.0.0.1:${stack.smtpPort}   (mail to reply+<token>@${stack.env.REPLY_DOMAIN} becomes a message)
  Local S3      ${stack.urls.s3}   (attachments in bucket ${stack.env.ATTACHMENTS_BUCKET}; raw received mail in ${stack.env.INBOUND_MAIL_BUCKET})
Mint a token:   npm run -s token -- --sub alice --role customer
Press Ctrl-C to stop.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
