import * as z from 'zod/mini';
import { AGENT_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { setAgentStatus } from '#shared/realtime/presence';

/** An agent sets itself online or away; `away` keeps it out of onlineAgents even while connected. */
export const handler = httpRoute(
  { roles: AGENT_ROLES, body: z.object({ status: z.enum(['online', 'away']) }) },
  async ({ identity, body }) => ({
    status: 200,
    body: await setAgentStatus(identity.tenant, identity.userId, body.status),
  }),
);
