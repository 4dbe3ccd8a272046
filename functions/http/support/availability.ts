import { ANY_ROLE } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { supportAvailability } from '#shared/realtime/presence';

/** Whether any agent of the caller's tenant is online (one Query). */
export const handler = httpRoute({ roles: ANY_ROLE }, async ({ identity }) => ({
  status: 200,
  body: await supportAvailability(identity.tenant),
}));
