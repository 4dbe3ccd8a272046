import { OPENER_ROLES } from '#shared/auth/roles';
import { orderRoomErrors } from '#shared/compat/order-rooms/errors';
import { startChatBody } from '#shared/compat/order-rooms/requests';
import { startChat } from '#shared/compat/order-rooms/room';
import { httpRoute } from '#shared/http/route';

/** POST /api/v1/chat/startChat (seed 001): open, or find, the order's room. */
export const handler = httpRoute(
  { roles: OPENER_ROLES, body: startChatBody, errors: orderRoomErrors },
  async ({ identity, body }) => ({ status: 200, body: await startChat(identity, body) }),
);
