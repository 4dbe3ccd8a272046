import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '#shared/auth/identity';
import { verifyToken } from '#shared/auth/verify-token';
import { Unauthorized } from '#shared/errors';
import { tokenFor } from '#test/support/auth/tokens';

const ROLES: Role[] = ['customer', 'seller', 'agent', 'guest', 'service'];
const selfIssued = (role: Role) => tokenFor({ sub: `u-${role}`, role, tenant: 'shop' });

afterEach(() => vi.unstubAllEnvs());

describe('tokens of our own issuer (HS256)', () => {
  it('carry only the guest role once an external OIDC issuer is configured (AWS)', async () => {
    vi.stubEnv('JWT_ISSUER', 'https://idp.example.test');
    vi.stubEnv('JWT_JWKS_URL', 'https://idp.example.test/.well-known/jwks.json');
    expect(await verifyToken(await selfIssued('guest'))).toEqual({
      userId: 'u-guest',
      role: 'guest',
      tenant: 'shop',
      issuedAt: expect.any(Number),
    });
    for (const role of ROLES.filter((r) => r !== 'guest')) {
      const refused = await verifyToken(await selfIssued(role)).catch((error: unknown) => error);
      expect(refused, role).toBeInstanceOf(Unauthorized);
      expect((refused as Unauthorized).detail).toBe('Tokens of this issuer are valid for guest sessions only.');
    }
  });

  it('carry every role locally, where no external issuer is configured (development tokens)', async () => {
    vi.stubEnv('JWT_ISSUER', undefined);
    for (const role of ROLES) expect((await verifyToken(await selfIssued(role))).role).toBe(role);
  });
});
