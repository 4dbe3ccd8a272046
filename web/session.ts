import { createGuestSession, readClaims, type TokenClaims, type TokenProvider } from '#client/index';
import type { WebConfig } from './config';

/** The contract's place for the caller's token: the storefront's sign-in writes it, every page reads it. */
export const TOKEN_KEY = 'chat-token';
/** Locally, who signed in with the demo form (so an expired token is minted again for the same identity). */
const DEV_IDENTITY_KEY = 'chat-dev-identity';
const guestKey = (tenant: string) => `chat-guest-token:${tenant}`;

export interface DevIdentity {
  sub: string;
  role: 'customer' | 'seller' | 'agent';
  name?: string;
  email?: string;
  tenant?: string;
}

const expired = (token: string) => {
  const exp = readClaims(token)?.exp;
  return exp !== undefined && exp * 1000 <= Date.now() + 5_000;
};

const stored = (key: string) => {
  const token = localStorage.getItem(key);
  return token && readClaims(token) ? token : undefined;
};

/** The signed-in user's token and claims, if there is a token that has not expired (or can be minted again). */
export const signedIn = (): TokenClaims | undefined => {
  const token = stored(TOKEN_KEY);
  return token ? readClaims(token) : undefined;
};

/** Local stack: a development token for any demo identity, minted by the local web server. */
export const devSignIn = async (identity: DevIdentity): Promise<void> => {
  const response = await fetch('/_local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(identity),
  });
  if (!response.ok) throw new Error(`sign-in failed (${response.status})`);
  const { token } = (await response.json()) as { token: string };
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(DEV_IDENTITY_KEY, JSON.stringify(identity));
};

export const signOut = () => {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(DEV_IDENTITY_KEY);
};

/**
 * The token of the signed-in user: the stored one; when it has expired or was refused, locally a new one for
 * the same demo identity (elsewhere the storefront's sign-in must store a new one).
 */
export const userTokens =
  (config: WebConfig): TokenProvider =>
  async ({ forceRefresh }) => {
    const token = stored(TOKEN_KEY);
    if (token && !forceRefresh && !expired(token)) return token;
    const identity = localStorage.getItem(DEV_IDENTITY_KEY);
    if (config.devSignIn && identity) {
      await devSignIn(JSON.parse(identity) as DevIdentity);
      return stored(TOKEN_KEY)!;
    }
    if (token) return token;
    throw new Error('Not signed in');
  };

/** A shopper without a token chats as a guest of the shop: one guest session, kept (24 h) for reloads. */
export const guestToken = (tenant: string) => stored(guestKey(tenant));

export const guestTokens =
  (apiUrl: string, tenant: string, who: { name?: string; email?: string } = {}): TokenProvider =>
  async ({ forceRefresh }) => {
    const token = stored(guestKey(tenant));
    if (token && !expired(token) && !forceRefresh) return token;
    const session = await createGuestSession({ apiUrl, tenant, ...who });
    localStorage.setItem(guestKey(tenant), session.token);
    return session.token;
  };
