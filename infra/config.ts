import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import type { RouteThrottle } from '#infra/routes/index';
import { TENANT_PATTERN } from '#shared/auth/identity';
import { RATE_LIMIT_DEFAULTS } from '#shared/config';
import { DEFAULT_NOTIFY_WINDOW_MINUTES, REPLY_DOMAIN_PATTERN } from '#shared/email/email-config';
import { isPlainAddress } from '#shared/email/header-safe';

/**
 * Every deploy-time knob, read from CDK context (`cdk.json` "context", or `-c key=value` on the command line).
 * Each key is documented in README "Deploy"; a test keeps the two in step.
 */
export const CONTEXT_KEYS = [
  'stackName',
  'jwtIssuer',
  'jwtJwksUrl',
  'jwtAudience',
  'corsOrigins',
  'throttleRate',
  'throttleBurst',
  'routeThrottles',
  'webSocketThrottleRate',
  'webSocketThrottleBurst',
  'httpDomainName',
  'httpCertificateArn',
  'webSocketDomainName',
  'webSocketCertificateArn',
  'sesSender',
  'sesIdentity',
  'replyTo',
  'replyDomain',
  'sellerInboxUrl',
  'customerInboxUrl',
  'emailWindowMinutes',
  'alarmEmail',
  'logRetentionDays',
  'compatPublicKeys',
  'sendRatePerSecond',
  'sendBurst',
  'guestSessionsPerMinute',
  'webHosting',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

export interface CustomDomain {
  domainName: string;
  certificateArn: string;
}

export interface EmailSettings {
  /** The From: a bare address, and the name senders' names are shown "via" ("Cora via Shop Chat"). */
  sender: { address: string; name?: string };
  /** The SES identity that authorizes the sender: its domain unless given (an address identity, say). */
  senderIdentity: string;
  replyTo?: string;
  /**
   * Reply by email: every conversation email's Reply-To is the recipient's `reply+<token>@<replyDomain>`, and SES
   * receives mail for the domain (infra/constructs/inbound-mail.ts). Unset: off, Reply-To stays `replyTo`.
   */
  replyDomain?: string;
  /** Links in seller emails are `<sellerInboxUrl>/<conversationId>`. */
  sellerInboxUrl: string;
  /** Links in customer emails, when customers have somewhere to read conversations. */
  customerInboxUrl?: string;
  /** At most one notification per conversation and recipient per this many minutes (0: no limit). */
  windowMinutes: number;
}

export interface ChatConfig {
  stackName: string;
  /** Token verification. Without an issuer only our own tokens (guest sessions) are accepted. */
  auth: { audience: string; issuer?: string; jwksUrl?: string };
  /** Browser origins allowed to call the HTTP API; empty: no CORS (server-to-server or same origin). */
  corsOrigins: string[];
  /**
   * HTTP API: stage-wide limits, and per-route overrides keyed by route key ("POST /v1/conversations").
   * WebSocket API: its stage's limits (per-route ones are in the route list).
   */
  throttle: { stage: RouteThrottle; routes: Record<string, RouteThrottle>; webSocket: RouteThrottle };
  domains: { http?: CustomDomain; webSocket?: CustomDomain };
  /** Everything the notifications construct needs: the one source of email settings. */
  email: EmailSettings;
  alarmEmail?: string;
  logRetention: RetentionDays;
  /** Compatibility dialect 004 (participants): X-PUBLIC-KEY → tenant; empty, every X-PUBLIC-KEY is refused. */
  compatPublicKeys: Record<string, string>;
  /**
   * Per-user message rate (token bucket: per second, and the burst after a pause) and guest sessions per source
   * address and minute (across tenants): the functions' SEND_RATE_PER_SECOND, SEND_BURST, GUEST_SESSIONS_PER_MINUTE.
   */
  rateLimits: { sendRatePerSecond: number; sendBurst: number; guestSessionsPerMinute: number };
  /** Host the web front (widget, inbox, support console) on S3 + CloudFront, its origin allowed by CORS. */
  webHosting: boolean;
  /** What the context leaves unset that a working deploy needs: printed as synth/deploy warnings. */
  warnings: string[];
}

export const DEFAULTS = {
  stackName: 'ProductEnquiryChat',
  jwtAudience: 'product-enquiry-chat',
  throttleRate: 200,
  throttleBurst: 400,
  webSocketThrottleRate: 1000,
  webSocketThrottleBurst: 2000,
  logRetentionDays: 30,
} as const;

const cache = new WeakMap<IConstruct, ChatConfig>();

/** The app's configuration, read and validated once per app; throws one error listing every bad value. */
export const chatConfig = (scope: IConstruct): ChatConfig => {
  const root = scope.node.root;
  let config = cache.get(root);
  if (!config) {
    config = readChatConfig((key) => root.node.tryGetContext(key));
    cache.set(root, config);
  }
  return config;
};

export const readChatConfig = (context: (key: ContextKey) => unknown): ChatConfig => {
  const problems: string[] = [];
  const warnings: string[] = [];
  const read = new ContextReader(context, problems, warnings);

  const issuer = read.url('jwtIssuer');
  const jwksUrl = read.url('jwtJwksUrl') ?? (issuer && `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`);
  if (jwksUrl && !issuer) problems.push('jwtJwksUrl is set but jwtIssuer is not: give both');

  const config: ChatConfig = {
    stackName:
      read.string('stackName', /^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a CloudFormation stack name') ?? DEFAULTS.stackName,
    auth: {
      audience: read.string('jwtAudience') ?? DEFAULTS.jwtAudience,
      ...(issuer && { issuer, jwksUrl }),
    },
    corsOrigins: read.list(
      'corsOrigins',
      (origin) => origin === '*' || /^https?:\/\/[^/\s]+$/.test(origin),
      'an origin like https://shop.example.com (no path, no trailing slash) or *',
    ),
    throttle: {
      stage: {
        rateLimit: read.number('throttleRate') ?? DEFAULTS.throttleRate,
        burstLimit: read.number('throttleBurst') ?? DEFAULTS.throttleBurst,
      },
      routes: read.routeThrottles('routeThrottles'),
      webSocket: {
        rateLimit: read.number('webSocketThrottleRate') ?? DEFAULTS.webSocketThrottleRate,
        burstLimit: read.number('webSocketThrottleBurst') ?? DEFAULTS.webSocketThrottleBurst,
      },
    },
    domains: {
      ...optional('http', read.domain('httpDomainName', 'httpCertificateArn')),
      ...optional('webSocket', read.domain('webSocketDomainName', 'webSocketCertificateArn')),
    },
    email: readEmailSettings(read),
    ...optional('alarmEmail', read.string('alarmEmail', /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address')),
    logRetention: read.retention('logRetentionDays') ?? DEFAULTS.logRetentionDays,
    compatPublicKeys: read.publicKeys('compatPublicKeys'),
    rateLimits: {
      sendRatePerSecond: read.number('sendRatePerSecond') ?? RATE_LIMIT_DEFAULTS.sendRatePerSecond,
      sendBurst: read.number('sendBurst') ?? RATE_LIMIT_DEFAULTS.sendBurst,
      guestSessionsPerMinute: read.number('guestSessionsPerMinute') ?? RATE_LIMIT_DEFAULTS.guestSessionsPerMinute,
    },
    webHosting: read.flag('webHosting') ?? false,
    warnings,
  };
  if (problems.length > 0) throw new Error(`Invalid CDK context:\n  - ${problems.join('\n  - ')}`);
  return config;
};

/**
 * Email settings. The sender and the seller inbox have no default that could work in AWS (SES would reject
 * every email; seller emails would link nowhere): without them the stack still synthesizes, with placeholders,
 * and every synth and deploy prints a warning that says what to set.
 */
const readEmailSettings = (read: ContextReader): EmailSettings => {
  const sender = read.needed(
    'sesSender',
    read.sender('sesSender'),
    { address: 'no-reply@example.com' },
    'the From of notification emails, verified in SES (e.g. -c sesSender="Shop Chat <no-reply@shop.example.com>"); until it is set SES rejects every email',
  );
  const sellerInboxUrl = read.needed(
    'sellerInboxUrl',
    read.url('sellerInboxUrl'),
    'https://example.com/seller/inbox',
    'where sellers answer: every seller email links to <sellerInboxUrl>/<conversationId> (e.g. -c sellerInboxUrl=https://sellers.shop.example.com/inbox)',
  );
  const identity = read.identity('sesIdentity');
  return {
    sender,
    senderIdentity: identity ?? sender?.address.split('@')[1] ?? '',
    ...optional('replyTo', read.address('replyTo')),
    ...optional(
      'replyDomain',
      read.string('replyDomain', REPLY_DOMAIN_PATTERN, 'a lower-case domain name like reply.shop.example.com'),
    ),
    sellerInboxUrl,
    ...optional('customerInboxUrl', read.url('customerInboxUrl')),
    windowMinutes: read.number('emailWindowMinutes', { allowZero: true }) ?? DEFAULT_NOTIFY_WINDOW_MINUTES,
  };
};

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const RETENTION_DAYS = new Set(Object.values(RetentionDays).filter((v) => typeof v === 'number'));

/** Context values arrive as JSON values from cdk.json and as strings from `-c`; both are accepted. */
class ContextReader {
  constructor(
    private readonly context: (key: ContextKey) => unknown,
    private readonly problems: string[],
    private readonly warnings: string[],
  ) {}

  private raw(key: ContextKey): unknown {
    const value = this.context(key);
    return typeof value === 'string' && value.trim() === '' ? undefined : value;
  }

  string(key: ContextKey, pattern?: RegExp, expected = 'a string'): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || (pattern && !pattern.test(value.trim()))) {
      this.problems.push(`${key} must be ${expected} (got ${JSON.stringify(value)})`);
      return undefined;
    }
    return value.trim();
  }

  url(key: ContextKey): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!URL.canParse(value) || new URL(value).protocol !== 'https:') {
      this.problems.push(`${key} must be an https:// URL (got ${JSON.stringify(value)})`);
      return undefined;
    }
    return value;
  }

  number(key: ContextKey, { allowZero = false } = {}): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!(positiveInteger(number) || (allowZero && number === 0 && String(value).trim() !== ''))) {
      this.problems.push(
        `${key} must be a ${allowZero ? 'whole number ≥ 0' : 'positive whole number'} (got ${JSON.stringify(value)})`,
      );
      return undefined;
    }
    return number;
  }

  /** true or false (from `-c key=true` as a string, or a JSON boolean). */
  flag(key: ContextKey): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    this.problems.push(`${key} must be true or false (got ${JSON.stringify(value)})`);
    return undefined;
  }

  /** A value the deployed stack needs to work: absent, a placeholder stands in and a warning says what to set. */
  needed<T>(key: ContextKey, value: T | undefined, placeholder: T, why: string): T {
    if (value !== undefined || this.raw(key) !== undefined) return value as T;
    this.warnings.push(`${key} is not set: ${why}`);
    return placeholder;
  }

  /** A bare address: addresses reach email headers, so nothing a header parser could split on. */
  address(key: ContextKey): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!isPlainAddress(value)) {
      this.problems.push(
        `${key} must be a bare email address like help@shop.example.com (got ${JSON.stringify(value)})`,
      );
      return undefined;
    }
    return value;
  }

  /** `chat@shop.example.com` or `Shop Chat <chat@shop.example.com>` (the name may be quoted). */
  sender(key: ContextKey): EmailSettings['sender'] | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    const match = /^(?:(.*?)\s*<([^<>]*)>|([^<>]*))$/s.exec(value);
    const address = match?.[2] ?? match?.[3];
    const name = match?.[1]
      ?.trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    if (!address || !isPlainAddress(address) || (name !== undefined && /[\p{Cc}"<>]/u.test(name))) {
      this.problems.push(`${key} must be an address, or "Name <address>" (got ${JSON.stringify(value)})`);
      return undefined;
    }
    return { address, ...(name && { name }) };
  }

  /** An SES identity: a domain, or an address. */
  identity(key: ContextKey): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!DOMAIN_NAME.test(value) && !isPlainAddress(value)) {
      this.problems.push(
        `${key} must be a lower-case domain or an address, as verified in SES (got ${JSON.stringify(value)})`,
      );
      return undefined;
    }
    return value;
  }

  list(key: ContextKey, valid: (item: string) => boolean, expected: string): string[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    const items = Array.isArray(value)
      ? value
      : typeof value === 'string'
        ? this.jsonOr(value, value.split(','))
        : [value];
    const strings = (Array.isArray(items) ? items : [items]).map((item) =>
      typeof item === 'string' ? item.trim() : item,
    );
    const bad = strings.filter((item) => typeof item !== 'string' || !valid(item));
    if (bad.length > 0) this.problems.push(`${key}: each entry must be ${expected} (bad: ${JSON.stringify(bad)})`);
    return bad.length > 0 ? [] : (strings as string[]);
  }

  routeThrottles(key: ContextKey): Record<string, RouteThrottle> {
    const value = this.raw(key);
    if (value === undefined) return {};
    const parsed = typeof value === 'string' ? this.jsonOr(value, undefined) : value;
    const expected = `a JSON object like {"POST /v1/conversations": {"rate": 10, "burst": 20}}`;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.problems.push(`${key} must be ${expected} (got ${JSON.stringify(value)})`);
      return {};
    }
    const routes: Record<string, RouteThrottle> = {};
    for (const [routeKey, limits] of Object.entries(parsed)) {
      const { rate, burst } = (limits ?? {}) as { rate?: unknown; burst?: unknown };
      if (!/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/.test(routeKey) || !positiveInteger(rate) || !positiveInteger(burst)) {
        this.problems.push(
          `${key}: entry ${JSON.stringify(routeKey)} must be "METHOD /path": {"rate": n, "burst": n} with positive whole numbers`,
        );
        continue;
      }
      routes[routeKey] = { rateLimit: rate, burstLimit: burst };
    }
    return routes;
  }

  /** X-PUBLIC-KEY → tenant, as a JSON object: keys are header values (visible ASCII), values tenant ids. */
  publicKeys(key: ContextKey): Record<string, string> {
    const value = this.raw(key);
    if (value === undefined) return {};
    const parsed = typeof value === 'string' ? this.jsonOr(value, undefined) : value;
    const expected = `a JSON object like {"<X-PUBLIC-KEY>": "<tenant>"}`;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.problems.push(`${key} must be ${expected} (got ${JSON.stringify(value)})`);
      return {};
    }
    const bad = Object.entries(parsed).filter(
      ([publicKey, tenant]) =>
        !/^[\x21-\x7e]{1,256}$/.test(publicKey) || typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant),
    );
    if (bad.length > 0) {
      this.problems.push(
        `${key}: each key must be 1-256 visible ASCII characters and each value a tenant id (${TENANT_PATTERN}) (bad: ${JSON.stringify(Object.fromEntries(bad))})`,
      );
      return {};
    }
    return parsed as Record<string, string>;
  }

  domain(nameKey: ContextKey, certificateKey: ContextKey): CustomDomain | undefined {
    const domainName = this.string(nameKey, DOMAIN_NAME, 'a lower-case domain name like chat.example.com');
    const certificateArn = this.string(
      certificateKey,
      ACM_CERTIFICATE_ARN,
      'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
    );
    if ((this.raw(nameKey) === undefined) !== (this.raw(certificateKey) === undefined)) {
      this.problems.push(`${nameKey} and ${certificateKey} go together: give both or neither`);
    }
    return domainName && certificateArn ? { domainName, certificateArn } : undefined;
  }

  retention(key: ContextKey): RetentionDays | undefined {
    const days = this.number(key);
    if (days === undefined) return undefined;
    if (!RETENTION_DAYS.has(days)) {
      this.problems.push(
        `${key} must be one of CloudWatch Logs' retention periods: ${[...RETENTION_DAYS].join(', ')} (got ${days})`,
      );
      return undefined;
    }
    return days as RetentionDays;
  }

  private jsonOr<T>(text: string, fallback: T): unknown {
    const trimmed = text.trim();
    if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return fallback;
    try {
      return JSON.parse(trimmed);
    } catch {
      return fallback;
    }
  }
}

const positiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;
