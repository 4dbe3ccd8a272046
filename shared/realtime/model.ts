import type { Identity } from '#shared/auth/identity';
import type { MemberKey } from '#shared/table/keys';

/** API Gateway closes every WebSocket connection after 2 hours; registry items outlive that by one more. */
export const CONNECTION_TTL_SECONDS = 3 * 60 * 60;
/** "Online" (agent availability only): sent anything within this window. E-mail suppression needs no activity. */
export const ACTIVITY_WINDOW_MS = 5 * 60_000;
/** A connection's last activity is written at most this often, so a chatty client costs no write per frame. */
export const ACTIVITY_RESOLUTION_MS = 30_000;

/** Who a connection is and which participant slots it receives events for. Copied into every item of it. */
export interface ConnectionRecord extends Identity {
  connectionId: string;
  slots: MemberKey[];
  connectedAt: string;
  lastActiveAt: string;
  /** TTL, epoch seconds. */
  expiresAt: number;
  /** The `exp` of the token it connected with, epoch seconds: the session ends there, long before the TTL. */
  tokenExpiresAt: number;
}

export type AgentStatus = 'online' | 'away';

/** The registry item outlived its TTL (DynamoDB deletes it lazily). */
export const isExpired = (c: Pick<ConnectionRecord, 'expiresAt'>, nowMs: number) => c.expiresAt * 1000 <= nowMs;

/** The session's token has expired: the connection may still be open, but nothing more is pushed to it. */
export const isTokenExpired = (c: Pick<ConnectionRecord, 'tokenExpiresAt'>, nowMs: number) =>
  c.tokenExpiresAt * 1000 <= nowMs;

/** Receives pushes: registered, and neither the item nor its token has expired. */
export const isLive = (c: Pick<ConnectionRecord, 'expiresAt' | 'tokenExpiresAt'>, nowMs: number) =>
  !isExpired(c, nowMs) && !isTokenExpired(c, nowMs);

/** Live and sent anything within the activity window (agent availability). */
export const isRecentlyActive = (
  c: Pick<ConnectionRecord, 'lastActiveAt' | 'expiresAt' | 'tokenExpiresAt'>,
  nowMs: number,
) => isLive(c, nowMs) && Date.parse(c.lastActiveAt) > nowMs - ACTIVITY_WINDOW_MS;
