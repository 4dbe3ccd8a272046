/** Runtime configuration, read from the environment at call time so tests and the local stack can set it. */
/** An environment variable a deployment must set: a clear error when it is missing. */
export const requiredEnv = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
};

/** The rate limits' defaults: the deploy settings' (infra/config.ts) and the local stack's too. */
export const RATE_LIMIT_DEFAULTS = { sendRatePerSecond: 5, sendBurst: 20, guestSessionsPerMinute: 30 } as const;

export const config = {
  get tableName() {
    return requiredEnv('TABLE_NAME');
  },
  /** JWT audience expected in every token (external OIDC tokens and our own). */
  get jwtAudience() {
    return process.env.JWT_AUDIENCE ?? 'product-enquiry-chat';
  },
  /** External OIDC issuer (e.g. Cognito); tokens from it are verified against its JWKS with RS256. */
  get oidcIssuer() {
    return process.env.JWT_ISSUER;
  },
  get oidcJwksUrl() {
    return process.env.JWT_JWKS_URL;
  },
  /** How long one fetch of that JWKS may take before the request is answered 503. */
  get oidcJwksTimeoutMs() {
    return wholeNumber('JWT_JWKS_TIMEOUT_MS', 5_000);
  },
  /** Our own issuer: guest tokens in AWS, every token locally. HS256 with this secret. */
  get selfIssuer() {
    return process.env.SELF_TOKEN_ISSUER ?? 'urn:product-enquiry-chat';
  },
  get selfTokenSecret() {
    return process.env.SELF_TOKEN_SECRET;
  },
  get selfTokenSecretArn() {
    return process.env.SELF_TOKEN_SECRET_ARN;
  },
  /**
   * The WebSocket API's @connections endpoint (https://<apiId>.execute-api.<region>.amazonaws.com/<stage>;
   * locally the gateway's own URL). Unset: there is no WebSocket API, so nothing is pushed.
   */
  get wsManagementEndpoint() {
    return process.env.WS_MANAGEMENT_ENDPOINT;
  },
  /** Guest sessions one source IP (an IPv6 client: its /64) may open per minute, whichever tenants it names. */
  get guestSessionsPerMinute() {
    return wholeNumber('GUEST_SESSIONS_PER_MINUTE', RATE_LIMIT_DEFAULTS.guestSessionsPerMinute);
  },
  /** Messages one user (per tenant) may send per second, sustained (shared/chat/send-budget.ts). */
  get sendRatePerSecond() {
    return wholeNumber('SEND_RATE_PER_SECOND', RATE_LIMIT_DEFAULTS.sendRatePerSecond);
  },
  /** Messages one user may send at once after a pause, beyond which the sustained rate applies. */
  get sendBurst() {
    return wholeNumber('SEND_BURST', RATE_LIMIT_DEFAULTS.sendBurst);
  },
  /** Compatibility dialect 004: its apps' X-PUBLIC-KEY values and the tenant each names, JSON `{ "<key>": "<tenant>" }`. */
  get compatPublicKeys(): Record<string, string> {
    return stringMap('COMPAT_PUBLIC_KEYS');
  },
};

/** A whole number ≥ 1 from the environment (`fallback` when unset or empty); anything else is a deployment error. */
function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`${name} must be a whole number ≥ 1, not "${raw}"`);
  }
  return Number(raw);
}

/** A JSON object of strings from the environment ({} when unset); a malformed value is a deployment error. */
function stringMap(name: string): Record<string, string> {
  const raw = process.env[name];
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((v) => typeof v === 'string')
  ) {
    throw new Error(`${name} must be a JSON object of strings`);
  }
  return parsed as Record<string, string>;
}
