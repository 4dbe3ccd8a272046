import { openerRoles } from '#shared/auth/roles';
import { orderRoomErrors } from '#shared/compat/order-rooms/errors';
import { startChatBody } from '#shared/compat/order-rooms/requests';
import { startChat } from '#shared/compat/order-rooms/room';
import { httpRoute } from '#shared/http/route';

/**
 * POST /api/v1/chat/startChat (seed 001): open, or find, the order's room. Its caller is the order's buyer (the room
 * names them `order_user_id`): those who may open its agent-to-user rooms (support conversations), customers and
 * guests. A vendor-to-user room is a direct conversation, so the core's rule refuses it to guests (403).
 */
export const handler = httpRoute(
  { roles: openerRoles('support'), body: startChatBody, errors: orderRoomErrors },
  async ({ identity, body }) => ({ status: 200, body: await startChat(identity, body) }),
);
