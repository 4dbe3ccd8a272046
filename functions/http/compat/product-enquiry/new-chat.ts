import { openerRoles } from '#shared/auth/roles';
import { enquiryCaller } from '#shared/compat/product-enquiry/caller';
import { newChat } from '#shared/compat/product-enquiry/new-chat';
import { newChatBody } from '#shared/compat/product-enquiry/requests';
import { supportChatErrors } from '#shared/compat/support-chat-envelope/envelope';
import { httpRoute } from '#shared/http/route';

/**
 * POST /api/v1/chat/newChat (seed 000). The token is optional: without one the caller becomes a new guest,
 * whose token comes back in the body's extra `token` field and the `X-Guest-Token` header.
 */
export const handler = httpRoute(
  { roles: { optional: openerRoles('support') }, body: newChatBody, errors: supportChatErrors },
  async ({ identity, body, event }) => {
    const caller = await enquiryCaller(event, identity, { token: body.token, productId: body.product_id ?? undefined });
    const chat = await newChat(caller.identity, body);
    if (!caller.guest) return { status: 200, body: chat };
    return {
      status: 200,
      body: { ...chat, token: caller.guest.token },
      headers: { 'x-guest-token': caller.guest.token },
    };
  },
);
