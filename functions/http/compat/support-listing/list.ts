import type { Role } from '#shared/auth/identity';
import { supportChatErrors } from '#shared/compat/support-chat-envelope/envelope';
import { listSupportChats } from '#shared/compat/support-listing/list';
import { listQuery } from '#shared/compat/support-listing/requests';
import { httpRoute } from '#shared/http/route';

/** Users (customers, guests) and admins (agents). */
const LISTING_ROLES: readonly Role[] = ['customer', 'guest', 'agent'];

/** GET /api/v1/chat/list (seed 002): the support chat history, or an agent's queue, with the admin-away prompt. */
export const handler = httpRoute(
  { roles: LISTING_ROLES, query: listQuery, errors: supportChatErrors },
  async ({ identity, query }) => ({ status: 200, body: await listSupportChats(identity, query.page) }),
);
