/**
 * Where the client gets its token: the app's own session (an OIDC provider's token), a stored token, or a guest
 * session. Called before the first request, again shortly before the token expires, and with
 * `forceRefresh: true` after the API refused the token (401): then hand out a new one if you can.
 */
export type TokenProvider = (request: { forceRefresh: boolean }) => string | Promise<string>;

/** The claims the client reads from its token (the contract's; the signature is the server's business). */
export interface TokenClaims {
  sub: string;
  role: string;
  tenant?: string;
  name?: string;
  email?: string;
  exp?: number;
  iat?: number;
}

/** The payload of a JWT, without verifying it (it is our own token, only read for `sub` and `exp`). */
export const readClaims = (token: string): TokenClaims | undefined => {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as Partial<TokenClaims>;
    return typeof claims.sub === 'string' && typeof claims.role === 'string' ? (claims as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
};

export interface TokenSourceOptions {
  /** Ask for a new token this long before the current one expires (default 60 s). */
  refreshBeforeMs?: number;
  now?: () => number;
}

/**
 * The current token: cached while it has more than `refreshBeforeMs` left, then asked for again; concurrent
 * callers share one call of the provider.
 */
export class TokenSource {
  private token: string | undefined;
  private pending: Promise<string> | undefined;
  private readonly refreshBeforeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly provider: TokenProvider,
    options: TokenSourceOptions = {},
  ) {
    this.refreshBeforeMs = options.refreshBeforeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A token that is not about to expire. */
  get(): Promise<string> {
    if (this.token !== undefined && !this.expiring(this.token)) return Promise.resolve(this.token);
    return this.ask(this.token !== undefined);
  }

  /** After a 401: the token we have is refused, whatever its `exp` says. */
  refresh(): Promise<string> {
    return this.ask(true);
  }

  /** The claims of the current token (after the first `get`). */
  get claims(): TokenClaims | undefined {
    return this.token === undefined ? undefined : readClaims(this.token);
  }

  /** Milliseconds until the current token should be replaced; undefined when it has no `exp`. */
  msUntilRefresh(): number | undefined {
    const at = this.token === undefined ? undefined : this.refreshAt(this.token);
    return at === undefined ? undefined : Math.max(0, at - this.now());
  }

  /**
   * When to replace a token: `refreshBeforeMs` before its `exp`, or, for a token that lives shorter than four
   * times that, after three quarters of its life (so a short-lived token is not asked for again on every call).
   */
  private refreshAt(token: string): number | undefined {
    const { exp, iat } = readClaims(token) ?? {};
    if (exp === undefined) return undefined;
    const margin = iat === undefined ? this.refreshBeforeMs : Math.min(this.refreshBeforeMs, ((exp - iat) * 1000) / 4);
    return exp * 1000 - margin;
  }

  private expiring(token: string) {
    const at = this.refreshAt(token);
    return at !== undefined && at <= this.now();
  }

  private ask(forceRefresh: boolean): Promise<string> {
    this.pending ??= (async () => {
      try {
        const token = await this.provider({ forceRefresh });
        this.token = token;
        return token;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
