import { describe, expect, it } from 'vitest';
import { readClaims, TokenSource } from '#client/tokens';

const jwt = (claims: Record<string, unknown>) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

describe('client token source', () => {
  it('reads the claims of a token without verifying it (UTF-8 names too), and nothing from garbage', () => {
    expect(readClaims(jwt({ sub: 'ana', role: 'customer', name: 'Ana Łukasz ✓', exp: 10 }))).toEqual({
      sub: 'ana',
      role: 'customer',
      name: 'Ana Łukasz ✓',
      exp: 10,
    });
    expect(readClaims('not-a-token')).toBeUndefined();
    expect(readClaims(jwt({ role: 'customer' }))).toBeUndefined();
  });

  it('calls the provider once while the token is good, again shortly before it expires, and forced after a 401', async () => {
    let now = 1_000_000_000_000;
    const calls: boolean[] = [];
    const source = new TokenSource(
      ({ forceRefresh }) => {
        calls.push(forceRefresh);
        return jwt({ sub: 'ana', role: 'customer', iat: now / 1000, exp: now / 1000 + 3600, n: calls.length });
      },
      { refreshBeforeMs: 60_000, now: () => now },
    );
    const first = await source.get();
    expect(await source.get()).toBe(first);
    now += 3600_000 - 61_000; // one second before the refresh point
    expect(await source.get()).toBe(first);
    now += 2_000;
    const second = await source.get();
    expect(second).not.toBe(first);
    expect(await source.refresh()).not.toBe(second);
    expect(calls).toEqual([false, true, true]);
  });

  it('renews a short-lived token after three quarters of its life, not on every call', async () => {
    let now = 1_000_000_000_000;
    let calls = 0;
    const source = new TokenSource(
      () => {
        calls += 1;
        return jwt({ sub: 'g', role: 'guest', iat: now / 1000, exp: now / 1000 + 8 });
      },
      { now: () => now },
    );
    await source.get();
    expect(source.msUntilRefresh()).toBe(6000);
    now += 5_000;
    await source.get();
    expect(calls).toBe(1);
    now += 1_500;
    await source.get();
    expect(calls).toBe(2);
  });

  it('shares one provider call between concurrent callers', async () => {
    let calls = 0;
    const source = new TokenSource(async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 10));
      return jwt({ sub: 'ana', role: 'customer' });
    });
    const tokens = await Promise.all([source.get(), source.get(), source.refresh()]);
    expect(new Set(tokens).size).toBe(1);
    expect(calls).toBe(1);
  });
});
