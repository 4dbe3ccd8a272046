import { callerSlots } from '#shared/auth/caller-slots';
import { type Identity, identityOf } from '#shared/auth/identity';
import { ROLES, type Role } from '#shared/auth/role-names';
import type { VerifiedToken } from '#shared/auth/verify-token';
import type { ConnectionRecord } from '#shared/realtime/model';
import type { AuthorizerContextIn, WebSocketEvent } from './ws-event';

/**
 * Who a WebSocket connection is travels with the connection: the $connect authorizer verifies the token once and
 * returns this as its `context`; API Gateway keeps it and hands it to $connect and to every later frame and
 * $disconnect as `requestContext.authorizer`. So a frame knows its sender without reading the registry.
 * Context values may only be strings, numbers or booleans, and arrive as strings (API Gateway stringifies them).
 */
export interface SessionContext extends Identity {
  /** The token's `exp`, epoch seconds: the session ends there. */
  tokenExpiresAt: number;
}

/** The authorizer's `context` for a verified token. */
export const sessionContext = ({ identity, expiresAt }: VerifiedToken): SessionContext => ({
  ...identityOf(identity),
  tokenExpiresAt: expiresAt,
});

/**
 * The verified token back from `requestContext.authorizer`, numbers as API Gateway hands them (strings) or as
 * returned. Undefined when there is no context or it is not one of ours: the connection was not authorized.
 */
export const tokenFromContext = (context: AuthorizerContextIn | undefined): VerifiedToken | undefined => {
  if (!context) return undefined;
  const { tenant, userId, role, name, email } = context;
  const expiresAt = epochSeconds(context.tokenExpiresAt);
  const issuedAt = context.issuedAt === undefined ? undefined : epochSeconds(context.issuedAt);
  if (!text(tenant) || !text(userId) || !isRole(role) || expiresAt === undefined) return undefined;
  if (context.issuedAt !== undefined && issuedAt === undefined) return undefined;
  const identity: Identity = {
    tenant,
    userId,
    role,
    ...(text(name) && { name }),
    ...(text(email) && { email }),
    ...(issuedAt !== undefined && { issuedAt }),
  };
  return { identity, expiresAt };
};

/** Where a frame's events go (its own connection), and what a session closed early must remove. */
export type FrameConnection = Pick<ConnectionRecord, 'connectionId' | 'tenant' | 'slots' | 'connectedAt'>;

export interface FrameSession extends VerifiedToken {
  connection: FrameConnection;
}

/** A frame's sender and connection, from the event alone (no read): the same slots $connect registered. */
export const frameSession = (event: WebSocketEvent): FrameSession | undefined => {
  const token = tokenFromContext(event.requestContext.authorizer);
  if (!token) return undefined;
  const { connectionId, connectedAt } = event.requestContext;
  return {
    ...token,
    connection: {
      connectionId,
      tenant: token.identity.tenant,
      slots: callerSlots(token.identity),
      connectedAt: new Date(Number.isFinite(connectedAt) ? connectedAt : Date.now()).toISOString(),
    },
  };
};

const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);
const epochSeconds = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : undefined;
};
