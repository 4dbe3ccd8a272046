import { config } from '#shared/config';
import { randomId } from '#shared/ids';
import { takeFromWindow } from '#shared/rate-limit/fixed-window';
import { signSelfToken } from './sign-token';

export const GUEST_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/**
 * POST /v1/guest-sessions: a fresh guest identity and its token, after one unit of the source IP's budget in this
 * tenant. Not idempotent by design: a retry is another guest (harmless; it counts against the same budget).
 */
export const openGuestSession = async (
  tenant: string,
  sourceIp: string,
  profile: { name?: string; email?: string },
) => {
  await takeFromWindow(tenant, sourceIp, {
    name: 'guest-sessions',
    limit: config.guestSessionsPerMinute,
    windowSeconds: 60,
  });
  const userId = `guest_${randomId()}`;
  const { token, expiresAt } = await signSelfToken(
    { sub: userId, role: 'guest', tenant, ...profile },
    GUEST_TOKEN_TTL_SECONDS,
  );
  return { token, userId, expiresAt };
};
