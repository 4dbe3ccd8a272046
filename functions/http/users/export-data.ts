import * as z from 'zod/mini';
import { SERVICE_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { limit, userId } from '#shared/input/schemas';
import { exportUserData } from '#shared/moderation/user-data';

const query = z.object({ limit: limit(1000, 500), cursor: z.optional(z.string().check(z.maxLength(4096))) });

export const handler = httpRoute(
  { roles: SERVICE_ROLES, params: z.object({ userId }), query },
  async ({ identity, params, query }) => ({ status: 200, body: await exportUserData(identity, params.userId, query) }),
);
