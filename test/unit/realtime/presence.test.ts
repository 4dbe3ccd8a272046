import { describe, expect, it } from 'vitest';
import type { AgentStatusItem } from '#shared/realtime/items/agent-status';
import type { ConnectionItem } from '#shared/realtime/items/connection';
import { countOnlineAgents } from '#shared/realtime/presence';

const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

const connection = (
  userId: string,
  lastActiveMinutesAgo: number,
  expiresInSeconds = 3600,
  tokenExpiresInSeconds = 3600,
): ConnectionItem => ({
  PK: 'T#t#CONNS#TEAM#support',
  SK: `CONN#${userId}-${lastActiveMinutesAgo}`,
  entity: 'slot-connection',
  connectionId: `${userId}-${lastActiveMinutesAgo}`,
  tenant: 't',
  userId,
  role: 'agent',
  slots: ['TEAM#support'],
  connectedAt: minutesAgo(30),
  lastActiveAt: minutesAgo(lastActiveMinutesAgo),
  expiresAt: Math.floor(NOW / 1000) + expiresInSeconds,
  tokenExpiresAt: Math.floor(NOW / 1000) + tokenExpiresInSeconds,
});
const status = (userId: string, s: 'online' | 'away'): AgentStatusItem => ({
  PK: 'T#t#CONNS#TEAM#support',
  SK: `AGENT#${userId}`,
  entity: 'agent-status',
  tenant: 't',
  userId,
  status: s,
  updatedAt: minutesAgo(1),
});

describe('countOnlineAgents', () => {
  it('counts an agent once, however many recently active connections it has', () => {
    expect(countOnlineAgents([connection('a', 0), connection('a', 1), connection('b', 4.9)], NOW)).toBe(2);
  });

  it('does not count an agent whose connections sent nothing for 5 minutes', () => {
    expect(countOnlineAgents([connection('a', 5), connection('b', 12)], NOW)).toBe(0);
    expect(countOnlineAgents([connection('a', 5), connection('a', 2)], NOW)).toBe(1);
  });

  it('does not count expired connections (TTL deletion lags)', () => {
    expect(countOnlineAgents([connection('a', 0, -1)], NOW)).toBe(0);
  });

  it('does not count a connection whose token has expired, however active (nothing is pushed to it)', () => {
    expect(countOnlineAgents([connection('a', 0, 3600, 0), connection('b', 0, 3600, 1)], NOW)).toBe(1);
  });

  it('does not count an agent who set itself away, and counts it again once back online', () => {
    expect(countOnlineAgents([connection('a', 0), status('a', 'away'), connection('b', 0)], NOW)).toBe(1);
    expect(countOnlineAgents([connection('a', 0), status('a', 'online')], NOW)).toBe(1);
    expect(countOnlineAgents([status('a', 'online')], NOW)).toBe(0);
  });
});
