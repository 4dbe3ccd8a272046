import { afterEach, describe, expect, it, vi } from 'vitest';
import { openGuestSession } from '#shared/auth/guest-session';
import { config } from '#shared/config';

afterEach(() => vi.unstubAllEnvs());

describe('GUEST_SESSIONS_PER_MINUTE', () => {
  it('is 30 when unset or empty, and any whole number ≥ 1 when set', () => {
    vi.stubEnv('GUEST_SESSIONS_PER_MINUTE', undefined);
    expect(config.guestSessionsPerMinute).toBe(30);
    for (const [raw, value] of [
      ['', 30],
      ['1', 1],
      ['12', 12],
      [' 7 ', 7],
      ['0100', 100],
    ] as const) {
      vi.stubEnv('GUEST_SESSIONS_PER_MINUTE', raw);
      expect(config.guestSessionsPerMinute, raw).toBe(value);
    }
  });

  it('refuses anything else with an error naming the variable; a guest session fails with it instead of taking from a NaN budget', async () => {
    for (const raw of ['abc', '30/min', '0', '-3', '2.5', '1e3', 'Infinity', '0x10', '99999999999999999999']) {
      vi.stubEnv('GUEST_SESSIONS_PER_MINUTE', raw);
      expect(() => config.guestSessionsPerMinute, raw).toThrow(
        `GUEST_SESSIONS_PER_MINUTE must be a whole number ≥ 1, not "${raw}"`,
      );
    }
    vi.stubEnv('GUEST_SESSIONS_PER_MINUTE', 'abc');
    await expect(openGuestSession('default', '203.0.113.9', {})).rejects.toThrow(
      'GUEST_SESSIONS_PER_MINUTE must be a whole number ≥ 1',
    );
  });
});

describe('SEND_RATE_PER_SECOND and SEND_BURST', () => {
  it('are 5 and 20 when unset (the deployed defaults), any whole number ≥ 1 when set, an error naming the variable otherwise', () => {
    vi.stubEnv('SEND_RATE_PER_SECOND', undefined);
    vi.stubEnv('SEND_BURST', undefined);
    expect([config.sendRatePerSecond, config.sendBurst]).toEqual([5, 20]);
    vi.stubEnv('SEND_RATE_PER_SECOND', '2');
    vi.stubEnv('SEND_BURST', '50');
    expect([config.sendRatePerSecond, config.sendBurst]).toEqual([2, 50]);
    for (const raw of ['0', '-1', '0.5', 'fast']) {
      vi.stubEnv('SEND_RATE_PER_SECOND', raw);
      vi.stubEnv('SEND_BURST', raw);
      expect(() => config.sendRatePerSecond, raw).toThrow(
        `SEND_RATE_PER_SECOND must be a whole number ≥ 1, not "${raw}"`,
      );
      expect(() => config.sendBurst, raw).toThrow(`SEND_BURST must be a whole number ≥ 1, not "${raw}"`);
    }
  });
});
