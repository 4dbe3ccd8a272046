import type { Identity } from '../chat/model';
import type { Key, MemberKey } from '../table/keys';

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
}

/** The reverse item (by connection id) and the per-slot items (by participant slot) share this shape. */
export interface ConnectionItem extends Key, ConnectionRecord {
  entity: 'connection' | 'slot-connection';
}

export type AgentStatus = 'online' | 'away';

export interface AgentStatusItem extends Key {
  entity: 'agent-status';
  tenant: string;
  userId: string;
  status: AgentStatus;
  updatedAt: string;
}

export const identityOf = (c: ConnectionRecord): Identity => ({
  tenant: c.tenant,
  userId: c.userId,
  role: c.role,
  ...(c.name !== undefined && { name: c.name }),
  ...(c.email !== undefined && { email: c.email }),
});

export const isExpired = (c: Pick<ConnectionRecord, 'expiresAt'>, nowMs: number) => c.expiresAt * 1000 <= nowMs;

export const isRecentlyActive = (c: Pick<ConnectionRecord, 'lastActiveAt' | 'expiresAt'>, nowMs: number) =>
  !isExpired(c, nowMs) && Date.parse(c.lastActiveAt) > nowMs - ACTIVITY_WINDOW_MS;
