import { describe, expect, it } from 'vitest';
import { identityFromClaims } from '#shared/auth/identity';

describe('identityFromClaims', () => {
  it('maps sub, role, tenant (default `default`), name and email; ignores other claims', () => {
    expect(identityFromClaims({ sub: 'u', role: 'customer', iss: 'x', aud: 'y', exp: 1, extra: { a: 1 } })).toEqual({
      userId: 'u',
      role: 'customer',
      tenant: 'default',
    });
    expect(
      identityFromClaims({ sub: 'u', role: 'agent', tenant: 'acme.eu-1_x', name: 'N', email: 'n@example.test' }),
    ).toEqual({ userId: 'u', role: 'agent', tenant: 'acme.eu-1_x', name: 'N', email: 'n@example.test' });
  });

  it('accepts every contract role and 1..128-character subs in any script, counting code points', () => {
    for (const role of ['customer', 'seller', 'agent', 'guest', 'service'])
      expect(identityFromClaims({ sub: 'u', role })?.role).toBe(role);
    expect(identityFromClaims({ sub: '😀'.repeat(128), role: 'customer' })?.userId).toBe('😀'.repeat(128)); // 256 UTF-16 units
    expect(identityFromClaims({ sub: '😀'.repeat(129), role: 'customer' })).toBeUndefined();
  });

  it('drops an invalid optional claim (name, email) and keeps the rest of the identity', () => {
    const identity = (extra: Record<string, unknown>) =>
      identityFromClaims({ sub: 'u', role: 'customer', tenant: 'shop', ...extra });
    const bare = { userId: 'u', role: 'customer', tenant: 'shop' };
    for (const name of ['', 'x'.repeat(201), '😀'.repeat(201), 7, null, ['N'], { first: 'N' }]) {
      expect(identity({ name, email: 'n@example.test' }), JSON.stringify(name)).toEqual({
        ...bare,
        email: 'n@example.test',
      });
    }
    for (const email of ['not-an-email', `${'a'.repeat(250)}@example.test`, 'a@b', 42, null, ['n@example.test']]) {
      expect(identity({ name: 'N', email }), JSON.stringify(email)).toEqual({ ...bare, name: 'N' });
    }
    expect(identity({ name: 'x'.repeat(201), email: 'nope' })).toEqual(bare);
    expect(identity({ name: '😀'.repeat(200) })).toEqual({ ...bare, name: '😀'.repeat(200) }); // 400 UTF-16 units, 200 code points
  });

  it('rejects a missing or bad sub, role or tenant', () => {
    const bad = [
      undefined,
      null,
      'string',
      [],
      {},
      { role: 'customer' },
      { sub: '', role: 'customer' },
      { sub: 'x'.repeat(129), role: 'customer' },
      { sub: 5, role: 'customer' },
      { sub: '\ud800', role: 'customer' },
      { sub: 'a\udfffb', role: 'customer' },
      { sub: 'u' },
      { sub: 'u', role: 'admin' },
      { sub: 'u', role: 'Customer' },
      { sub: 'u', role: 'customer', tenant: '' },
      { sub: 'u', role: 'customer', tenant: 'a#b' },
      { sub: 'u', role: 'customer', tenant: 'x'.repeat(65) },
      { sub: 'u', role: 'customer', tenant: 7 },
      { sub: 'u', role: 'customer', tenant: null },
      { sub: '', role: 'customer', name: 'N', email: 'n@example.test' }, // valid optional claims do not rescue a bad sub
    ];
    for (const claims of bad) expect(identityFromClaims(claims), JSON.stringify(claims)).toBeUndefined();
  });
});
