import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { requirePlatform } from '#shared/compat/participants/public-key';

const saved = process.env.COMPAT_PUBLIC_KEYS;
afterEach(() => {
  if (saved === undefined) delete process.env.COMPAT_PUBLIC_KEYS;
  else process.env.COMPAT_PUBLIC_KEYS = saved;
});

const event = (key?: string) =>
  ({ headers: key === undefined ? {} : { 'x-public-key': key } }) as unknown as APIGatewayProxyEventV2;
const identity = { tenant: 'shop-a', userId: 'u-1', role: 'customer' as const };

describe('X-PUBLIC-KEY → tenant (COMPAT_PUBLIC_KEYS)', () => {
  it('lets a token through only with a key of its own tenant', () => {
    process.env.COMPAT_PUBLIC_KEYS = JSON.stringify({ 'pk-a': 'shop-a', 'pk-b': 'shop-b' });
    expect(() => requirePlatform(event('pk-a'), identity)).not.toThrow();
    expect(() => requirePlatform(event(' pk-a '), identity)).not.toThrow();
    for (const key of [undefined, '', 'pk-b', 'pk-c', 'constructor', '__proto__']) {
      expect(() => requirePlatform(event(key), identity), String(key)).toThrow(
        expect.objectContaining({ status: 401 }),
      );
    }
  });

  it('knows no key when the variable is unset, and refuses a malformed map loudly', () => {
    delete process.env.COMPAT_PUBLIC_KEYS;
    expect(() => requirePlatform(event('pk-a'), identity)).toThrow(expect.objectContaining({ status: 401 }));
    process.env.COMPAT_PUBLIC_KEYS = '{"pk-a": 42}';
    expect(() => requirePlatform(event('pk-a'), identity)).toThrow(
      'COMPAT_PUBLIC_KEYS must be a JSON object of strings',
    );
  });
});
