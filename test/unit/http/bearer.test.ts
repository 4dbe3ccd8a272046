import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { Forbidden, Unauthorized } from '#shared/errors';
import { authenticate } from '#shared/http/bearer';
import { tokenFor } from '#test/support/auth/tokens';

const withHeaders = (headers: Record<string, string | undefined>) => ({ headers }) as unknown as APIGatewayProxyEventV2;

describe('authenticate (bearer token → identity)', () => {
  it('returns the identity of a valid token whose role may call the route', async () => {
    const token = await tokenFor({
      sub: 'u-1',
      role: 'seller',
      tenant: 'acme',
      name: 'Una',
      email: 'una@example.test',
    });
    expect(await authenticate(withHeaders({ authorization: `Bearer ${token}` }), ['seller'])).toEqual({
      userId: 'u-1',
      role: 'seller',
      tenant: 'acme',
      name: 'Una',
      email: 'una@example.test',
      issuedAt: expect.any(Number),
    });
  });

  it('accepts the scheme in any case, extra spaces, and a capitalised header name', async () => {
    const token = await tokenFor({ sub: 'u-1', role: 'customer' });
    for (const headers of [
      { authorization: `bearer ${token}` },
      { authorization: `BEARER   ${token}  ` },
      { Authorization: `Bearer ${token}` },
    ]) {
      expect(await authenticate(withHeaders(headers), ['customer'])).toMatchObject({
        userId: 'u-1',
        tenant: 'default',
      });
    }
  });

  it('401 without a header, with another scheme, or with something that is not a JWT', async () => {
    const token = await tokenFor({ sub: 'u-1', role: 'customer' });
    for (const headers of [
      {},
      { authorization: '' },
      { authorization: token },
      { authorization: `Basic ${token}` },
      { authorization: 'Bearer' },
      { authorization: 'Bearer a.b' },
      { authorization: 'Bearer a b c' },
      { authorization: `Bearer ${token} ${token}` },
      { authorization: `Bearer ${token}\u0000` },
    ]) {
      await expect(authenticate(withHeaders(headers), ['customer'])).rejects.toBeInstanceOf(Unauthorized);
    }
  });

  it('403 when the token is valid but the role may not call the route', async () => {
    const token = await tokenFor({ sub: 'u-1', role: 'guest' });
    await expect(
      authenticate(withHeaders({ authorization: `Bearer ${token}` }), ['customer', 'seller']),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it('checks the token before the role: an expired service token is 401, not 403', async () => {
    const token = await tokenFor({ sub: 'svc', role: 'service' }, -5);
    await expect(authenticate(withHeaders({ authorization: `Bearer ${token}` }), ['customer'])).rejects.toBeInstanceOf(
      Unauthorized,
    );
  });
});
