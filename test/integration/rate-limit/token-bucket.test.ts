import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { config, RATE_LIMIT_DEFAULTS } from '#shared/config';
import { type RateBucketItem, type Take, takeToken } from '#shared/rate-limit/token-bucket';
import { db } from '#shared/table/client';
import { keys } from '#shared/table/keys';

/** The deployed per-user message limit: 5 a second, bursts of 20. */
const LIMIT = { ratePerSecond: RATE_LIMIT_DEFAULTS.sendRatePerSecond, burst: RATE_LIMIT_DEFAULTS.sendBurst };
const bucket = () => keys.rateBucket(`t-${randomUUID().slice(0, 8)}`, 'send', 'cust-1');
const taken = (takes: Take[]) => takes.filter((t) => t.taken).length;
const at = (key: ReturnType<typeof bucket>, n: number, nowMs: number) =>
  Promise.all(Array.from({ length: n }, () => takeToken(key, LIMIT, nowMs)));
const stored = async (key: ReturnType<typeof bucket>) =>
  (await db().send(new GetCommand({ TableName: config.tableName, Key: key, ConsistentRead: true })))
    .Item as RateBucketItem;

describe('the token bucket (GCRA, one conditional write per take) at the deployed 5/s with bursts of 20', () => {
  it('lets exactly the burst through of 40 concurrent takes into a full bucket, then exactly the rate a second later', async () => {
    const key = bucket();
    const t0 = Date.now();
    expect(taken(await at(key, 40, t0))).toBe(20);
    // Empty: the next token is one interval (200 ms) away.
    const refused = await takeToken(key, LIMIT, t0);
    expect(refused).toEqual({ taken: false, retryAfterMs: 200 });
    expect(taken(await at(key, 40, t0 + 1_000))).toBe(5);
    expect(taken(await at(key, 40, t0 + 1_000))).toBe(0);
    // Idle long enough to fill up again, and never beyond the burst.
    expect(taken(await at(key, 40, t0 + 60_000))).toBe(20);
  });

  it('refills continuously: one token per 200 ms, whatever the order of the takers’ clocks', async () => {
    const key = bucket();
    const t0 = Date.now();
    expect(taken(await at(key, 20, t0))).toBe(20);
    expect((await takeToken(key, LIMIT, t0 + 199)).taken).toBe(false);
    expect((await takeToken(key, LIMIT, t0 + 200)).taken).toBe(true);
    // A taker whose clock is behind finds no token the others have not earned yet.
    expect((await takeToken(key, LIMIT, t0 + 100)).taken).toBe(false);
    const later = await takeToken(key, LIMIT, t0 + 250);
    expect(later).toEqual({ taken: false, retryAfterMs: 150 });
  });

  it('keeps one item per bucket whose TTL never falls before its theoretical arrival time', async () => {
    const key = bucket();
    const t0 = Date.now();
    await at(key, 1, t0);
    const one = await stored(key);
    expect(one).toMatchObject({ ...key, entity: 'rate-bucket', tat: (t0 + 200) * 1000 });
    expect(one.expiresAt * 1_000_000).toBeGreaterThanOrEqual(one.tat);
    await at(key, 30, t0);
    const spent = await stored(key);
    expect(spent.tat).toBe((t0 + 20 * 200) * 1000);
    expect(spent.expiresAt * 1_000_000).toBeGreaterThanOrEqual(spent.tat);
  });

  it('takes several tokens at once, all or none: of 15 concurrent takes of 2 into a full bucket exactly 10 get theirs', async () => {
    const key = bucket();
    const t0 = Date.now();
    const pairs = await Promise.all(Array.from({ length: 15 }, () => takeToken(key, LIMIT, t0, 2)));
    expect(taken(pairs)).toBe(10);
    expect((await stored(key)).tat).toBe((t0 + 20 * 200) * 1000);

    const other = bucket();
    expect((await takeToken(other, LIMIT, t0, 19)).taken).toBe(true);
    // One token left: a take of two is refused (nothing taken), a take of one is not.
    expect(await takeToken(other, LIMIT, t0, 2)).toEqual({ taken: false, retryAfterMs: 200 });
    expect((await takeToken(other, LIMIT, t0, 1)).taken).toBe(true);
    expect((await takeToken(other, LIMIT, t0 + 400, 2)).taken).toBe(true);
    // More than the burst holds: never.
    expect((await takeToken(bucket(), LIMIT, t0, 21)).taken).toBe(false);
  });

  it('gives every subject its own bucket', async () => {
    const a = bucket();
    const b = { ...a, PK: `${a.PK}-other` };
    const t0 = Date.now();
    expect(taken(await at(a, 25, t0))).toBe(20);
    expect(taken(await at(b, 25, t0))).toBe(20);
  });

  it('holds exactly one token with a burst of 1', async () => {
    const key = bucket();
    const t0 = Date.now();
    const takes = await Promise.all(
      Array.from({ length: 10 }, () => takeToken(key, { ratePerSecond: 1, burst: 1 }, t0)),
    );
    expect(taken(takes)).toBe(1);
    expect(takes.filter((t) => !t.taken)).toEqual(Array(9).fill({ taken: false, retryAfterMs: 1_000 }));
  });
});
