import { RATE_LIMIT_DEFAULTS } from '#shared/config';

/**
 * The environment the handlers see in the local stack: the same variables the CDK stack sets in AWS,
 * plus the SDK's endpoint variables that point each client at its local twin.
 */
export const LOCAL_TOKEN_SECRET = 'local-development-only-secret-never-used-in-aws-0123456789';
/** The SDK's credentials locally: DynamoDB Local and local SES take any; the local S3 is told this pair (s3-local.ts). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** The local attachments bucket (in AWS the stack's, infra/constructs/attachments.ts). */
export const LOCAL_ATTACHMENTS_BUCKET = 'chat-attachments';

/** Where the local SMTP receiver stores raw mail, as the receipt rule's S3 action does in AWS. */
export const LOCAL_INBOUND_MAIL = { bucket: 'inbound-mail-local', prefix: 'inbound/' } as const;
export const DEFAULT_REPLY_DOMAIN = 'reply.localhost';

export const localEnvironment = (
  endpoints: { dynamodb: string; ses?: string; wsManagement?: string; s3?: string; web?: string },
  tableName = 'chat-local',
) => ({
  TABLE_NAME: tableName,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  ...(endpoints.ses && { AWS_ENDPOINT_URL_SES: endpoints.ses }),
  // The local S3 (s3rver): the attachments bucket (presigned forms and links point there) and the raw received mail.
  ...(endpoints.s3 && { AWS_ENDPOINT_URL_S3: endpoints.s3 }),
  ATTACHMENTS_BUCKET: LOCAL_ATTACHMENTS_BUCKET,
  INBOUND_MAIL_BUCKET: LOCAL_INBOUND_MAIL.bucket,
  INBOUND_MAIL_PREFIX: LOCAL_INBOUND_MAIL.prefix,
  // The local WebSocket gateway's @connections API (in AWS: the stage's callback URL).
  ...(endpoints.wsManagement && { WS_MANAGEMENT_ENDPOINT: endpoints.wsManagement }),
  SELF_TOKEN_SECRET: process.env.SELF_TOKEN_SECRET ?? LOCAL_TOKEN_SECRET,
  ...localEmailSettings(endpoints.web),
  POWERTOOLS_METRICS_NAMESPACE: 'ProductEnquiryChat',
  POWERTOOLS_DEV: 'true',
  // Compatibility dialect 004: X-PUBLIC-KEY → tenant. Locally `local-public-key` names the demo tenant.
  COMPAT_PUBLIC_KEYS: process.env.COMPAT_PUBLIC_KEYS ?? JSON.stringify({ 'local-public-key': 'default' }),
  ...localRateLimits(),
});

export const applyEnvironment = (env: Record<string, string>) => {
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
};

/** Rate limits (see README "Rate limits"): the deployed defaults unless the variable of the same name is set. */
const localRateLimits = () => ({
  SEND_RATE_PER_SECOND: process.env.SEND_RATE_PER_SECOND ?? String(RATE_LIMIT_DEFAULTS.sendRatePerSecond),
  SEND_BURST: process.env.SEND_BURST ?? String(RATE_LIMIT_DEFAULTS.sendBurst),
  GUEST_SESSIONS_PER_MINUTE:
    process.env.GUEST_SESSIONS_PER_MINUTE ?? String(RATE_LIMIT_DEFAULTS.guestSessionsPerMinute),
});

/**
 * Email settings (see README "Email"); each can be overridden by the variable of the same name. Links point at
 * the local web front's inbox (`http://localhost:3002/inbox/<conversationId>` with `npm start`).
 */
const localEmailSettings = (web = 'http://localhost:3002') => ({
  EMAIL_FROM: process.env.EMAIL_FROM ?? 'chat@example.com',
  EMAIL_REPLY_TO: process.env.EMAIL_REPLY_TO ?? 'help@example.com',
  // Every local email's Reply-To is the recipient's reply address at this domain (the SMTP receiver's).
  REPLY_DOMAIN: process.env.REPLY_DOMAIN ?? DEFAULT_REPLY_DOMAIN,
  SELLER_INBOX_URL: process.env.SELLER_INBOX_URL ?? `${web}/inbox`,
  CUSTOMER_INBOX_URL: process.env.CUSTOMER_INBOX_URL ?? `${web}/inbox`,
  EMAIL_NOTIFY_WINDOW_MINUTES: process.env.EMAIL_NOTIFY_WINDOW_MINUTES ?? '15',
});
