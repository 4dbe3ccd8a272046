import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Identity } from '#shared/auth/identity';
import { TooManyRequests } from '#shared/errors';
import { takeFromWindow } from '#shared/rate-limit/fixed-window';
import {
  connectionsOf,
  hasLiveConnection,
  registerConnection,
  removeConnection,
  touchConnection,
} from '#shared/realtime/connections';
import { setAgentStatus, supportAvailability } from '#shared/realtime/presence';
import { db, setDb } from '#shared/table/client';
import { keys, SUPPORT_TEAM, userMember } from '#shared/table/keys';
import { sessionOf } from '#test/support/auth/sessions';
import { recordCommands } from '#test/support/dynamo/command-log';
import { findConnection } from '#test/support/realtime/registry';

const tenant = () => `t-${Math.random().toString(36).slice(2, 10)}`;
const agent = (t: string, userId = 'agent-1'): Identity => ({ tenant: t, userId, role: 'agent' });

afterEach(() => setDb(undefined));

describe('the connection registry', () => {
  it('finds the connections of a participant slot with one Query, and a tenant’s availability with one Query (no Scan)', async () => {
    const t = tenant();
    await registerConnection('a1', sessionOf(agent(t)));
    await registerConnection('a2', sessionOf(agent(t, 'agent-2')));
    await registerConnection('c1', sessionOf({ tenant: t, userId: 'cust', role: 'customer' }));
    const commands = recordCommands();
    expect((await connectionsOf(t, [SUPPORT_TEAM])).map((c) => c.connectionId).sort()).toEqual(['a1', 'a2']);
    expect(commands).toEqual(['QueryCommand']);
    commands.length = 0;
    expect(await supportAvailability(t)).toEqual({ allAgentsIdle: false, onlineAgents: 2 });
    expect(commands).toEqual(['QueryCommand']);
  });

  it('registers an agent for its own slot and the support team’s, and a retried $connect still leaves one connection', async () => {
    const t = tenant();
    const first = await registerConnection('conn-1', sessionOf(agent(t)));
    const again = await registerConnection('conn-1', sessionOf(agent(t)));
    expect(again.slots).toEqual([SUPPORT_TEAM, userMember('agent-1')]);
    expect(await connectionsOf(t, [SUPPORT_TEAM])).toHaveLength(1);
    expect(await connectionsOf(t, [userMember('agent-1')])).toHaveLength(1);
    expect(await connectionsOf(t, [SUPPORT_TEAM, userMember('agent-1')])).toHaveLength(1);
    expect((await findConnection('conn-1'))?.tenant).toBe(t);
    expect(first.expiresAt - Date.parse(first.connectedAt) / 1000).toBeGreaterThan(2 * 3600);
  });

  it('keeps a connection only as long as its token: past its exp it receives nothing and counts as offline', async () => {
    const t = tenant();
    const token = sessionOf(agent(t), 120);
    const record = await registerConnection('conn-4', token);
    const tokenExpiryMs = token.expiresAt * 1000;
    expect(record.tokenExpiresAt).toBe(token.expiresAt);
    expect(record.expiresAt).toBeGreaterThan(record.tokenExpiresAt); // the registry TTL is not what ends the session
    expect(await connectionsOf(t, [SUPPORT_TEAM], tokenExpiryMs - 1)).toHaveLength(1);
    expect(await hasLiveConnection(t, userMember('agent-1'), tokenExpiryMs - 1)).toBe(true);
    expect(await supportAvailability(t, tokenExpiryMs - 1)).toEqual({ allAgentsIdle: false, onlineAgents: 1 });
    expect(await connectionsOf(t, [SUPPORT_TEAM, userMember('agent-1')], tokenExpiryMs)).toEqual([]);
    expect(await hasLiveConnection(t, userMember('agent-1'), tokenExpiryMs)).toBe(false);
    expect(await supportAvailability(t, tokenExpiryMs)).toEqual({ allAgentsIdle: true, onlineAgents: 0 });
    expect((await findConnection('conn-4'))?.tokenExpiresAt).toBe(token.expiresAt); // kept until a late frame ends it
  });

  it('removes a connection idempotently, and activity never revives it', async () => {
    const t = tenant();
    const record = await registerConnection('conn-2', sessionOf(agent(t)), Date.now() - 60_000);
    await removeConnection(record);
    await removeConnection(record);
    await touchConnection(record);
    expect(await findConnection('conn-2')).toBeUndefined();
    expect(await connectionsOf(t, [SUPPORT_TEAM, userMember('agent-1')])).toEqual([]);
  });

  it('moves lastActiveAt forward only, on every item of the connection', async () => {
    const t = tenant();
    const now = Date.now();
    const record = await registerConnection('conn-3', sessionOf(agent(t)), now - 10 * 60_000);
    expect(await supportAvailability(t, now)).toMatchObject({ onlineAgents: 0 });
    await touchConnection(record, now);
    await touchConnection(record, now - 5 * 60_000); // a late, older frame
    expect((await findConnection('conn-3'))?.lastActiveAt).toBe(new Date(now).toISOString());
    expect((await connectionsOf(t, [SUPPORT_TEAM]))[0]?.lastActiveAt).toBe(new Date(now).toISOString());
    expect(await supportAvailability(t, now)).toMatchObject({ onlineAgents: 1 });
    await setAgentStatus(t, 'agent-1', 'away');
    await setAgentStatus(t, 'agent-1', 'away');
    expect(await supportAvailability(t, now)).toMatchObject({ onlineAgents: 0, allAgentsIdle: true });
  });

  it('records activity without reading the connection, at most every 30 s, whichever container the frames reach', async () => {
    const t = tenant();
    const now = Date.now();
    const record = await registerConnection('conn-5', sessionOf(agent(t)), now - 10 * 60_000);
    const known = { ...record, lastActiveAt: record.connectedAt }; // all a frame knows: when its connection started
    const commands = recordCommands();
    await touchConnection(known, now);
    expect(commands).toEqual(['UpdateItemCommand', 'UpdateItemCommand', 'UpdateItemCommand']); // each item of it, no read
    commands.length = 0;
    await touchConnection(known, now + 20_000); // this container wrote it 20 s ago: nothing to write
    expect(commands).toEqual([]);
    expect((await findConnection('conn-5'))?.lastActiveAt).toBe(new Date(now).toISOString());

    // Another container recorded a frame 10 s ago: the condition refuses this container's write.
    const other = await registerConnection('conn-6', sessionOf(agent(t, 'agent-2')), now - 10 * 60_000);
    const tenSecondsAgo = new Date(now - 10_000).toISOString();
    const itemKeys = [keys.connection('conn-6'), ...other.slots.map((slot) => keys.slotConnection(t, slot, 'conn-6'))];
    for (const Key of itemKeys)
      await db().send(
        new UpdateCommand({
          TableName: process.env.TABLE_NAME!,
          Key,
          UpdateExpression: 'SET lastActiveAt = :at',
          ExpressionAttributeValues: { ':at': tenSecondsAgo },
        }),
      );
    await touchConnection({ ...other, lastActiveAt: other.connectedAt }, now);
    expect((await findConnection('conn-6'))?.lastActiveAt).toBe(tenSecondsAgo);
    const team = await connectionsOf(t, [SUPPORT_TEAM]);
    expect(team.find((c) => c.connectionId === 'conn-6')?.lastActiveAt).toBe(tenSecondsAgo);
  });
});

describe('the fixed-window rate limit', () => {
  it('never lets concurrent callers overshoot the limit', async () => {
    const t = tenant();
    const limit = { limit: 10, windowSeconds: 3600 };
    const counter = (subject: string) => (start: number) => keys.rateWindow(t, 'test', subject, start);
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => takeFromWindow(counter('203.0.113.7'), limit)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(15);
    for (const r of refused) expect(r.reason).toBeInstanceOf(TooManyRequests);
    await takeFromWindow(counter('203.0.113.8'), limit); // another address has its own budget
  });
});
