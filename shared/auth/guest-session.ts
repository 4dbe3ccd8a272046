import { config } from '#shared/config';
import { randomId } from '#shared/ids';
import { takeFromWindow } from '#shared/rate-limit/fixed-window';
import { sourceNetwork } from '#shared/rate-limit/source-network';
import { keys } from '#shared/table/keys';
import { signSelfToken } from './sign-token';

export const GUEST_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/**
 * POST /v1/guest-sessions (and dialect 000's newChat without a token): a fresh guest identity and its token, after
 * one unit of the source address's budget (`GUEST_SESSIONS_PER_MINUTE`). The budget is one per address (an IPv6
 * client: its /64) across all tenants: the caller names the tenant, so a budget per tenant would multiply by the
 * tenants it names. Not idempotent by design: a retry is another guest (harmless; it counts against the same
 * budget).
 */
export const openGuestSession = async (
  tenant: string,
  sourceIp: string,
  profile: { name?: string; email?: string },
) => {
  await takeFromWindow(
    (windowStart) => keys.crossTenantRateWindow('guest-sessions', sourceNetwork(sourceIp), windowStart),
    {
      limit: config.guestSessionsPerMinute,
      windowSeconds: 60,
    },
  );
  const userId = `guest_${randomId()}`;
  const { token, expiresAt } = await signSelfToken(
    { sub: userId, role: 'guest', tenant, ...profile },
    GUEST_TOKEN_TTL_SECONDS,
  );
  return { token, userId, expiresAt };
};
