import { SERVICE_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { readPolicy } from '#shared/policy/policy';

export const handler = httpRoute({ roles: SERVICE_ROLES }, async ({ identity }) => ({
  status: 200,
  body: await readPolicy(identity.tenant),
}));
