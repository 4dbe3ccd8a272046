import { requiredEnv } from '#shared/config';
import { isPlainAddress } from './header-safe';

const address = (name: string, value: string) => {
  if (!isPlainAddress(value)) throw new Error(`${name} must be a bare email address (e.g. chat@example.com)`);
  return value;
};

const baseUrl = (name: string, value: string) => {
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new Error(`${name} must be an http(s) URL`);
  return value.replace(/\/+$/, '');
};

/** A lower-case domain name (`reply.shop.example`, `reply.localhost`): reply addresses are `reply+<token>@<it>`. */
export const REPLY_DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

const domain = (name: string, value: string) => {
  if (!REPLY_DOMAIN_PATTERN.test(value))
    throw new Error(`${name} must be a lower-case domain name (e.g. reply.example.com)`);
  return value;
};

export const DEFAULT_NOTIFY_WINDOW_MINUTES = 15;

/** Email settings, read from the environment at call time (the CDK stack and the local stack set them). */
export const emailConfig = {
  /** The sender identity (verified in SES). Display names are added per email, RFC 2047-encoded. */
  get from() {
    return address('EMAIL_FROM', requiredEnv('EMAIL_FROM'));
  },
  get fromName() {
    return process.env.EMAIL_FROM_NAME ?? 'Chat';
  },
  get replyTo() {
    const value = process.env.EMAIL_REPLY_TO;
    return value ? address('EMAIL_REPLY_TO', value) : undefined;
  },
  /**
   * Reply by email: with a reply domain, every conversation email's Reply-To is the recipient's own
   * `reply+<token>@<REPLY_DOMAIN>` (shared/email/reply-address.ts); without one it stays EMAIL_REPLY_TO.
   */
  get replyDomain() {
    const value = process.env.REPLY_DOMAIN;
    return value ? domain('REPLY_DOMAIN', value) : undefined;
  },
  /** Links to a conversation are `<SELLER_INBOX_URL>/<conversationId>`. */
  get sellerInboxUrl() {
    return baseUrl('SELLER_INBOX_URL', requiredEnv('SELLER_INBOX_URL'));
  },
  /** Optional: where customers read a conversation; without it customer notifications carry no link. */
  get customerInboxUrl() {
    const value = process.env.CUSTOMER_INBOX_URL;
    return value ? baseUrl('CUSTOMER_INBOX_URL', value) : undefined;
  },
  get notifyWindowMs() {
    const minutes = Number(process.env.EMAIL_NOTIFY_WINDOW_MINUTES ?? DEFAULT_NOTIFY_WINDOW_MINUTES);
    if (!Number.isFinite(minutes) || minutes < 0)
      throw new Error('EMAIL_NOTIFY_WINDOW_MINUTES must be a number of minutes ≥ 0');
    return minutes * 60_000;
  },
  /** The SES configuration set (reputation metrics); unset locally. */
  get configurationSet() {
    return process.env.EMAIL_CONFIGURATION_SET || undefined;
  },
};
