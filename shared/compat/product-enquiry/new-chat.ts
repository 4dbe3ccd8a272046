import type { Identity } from '#shared/auth/identity';
import { type OpeningPlan, openConversation } from '#shared/chat/open-conversation';
import { supportConversationPlan } from '#shared/chat/opening-plans';
import { sendMessage } from '#shared/chat/send-message';
import { looseId } from '#shared/compat/ids';
import { inFlight } from '#shared/compat/in-flight';
import { chatJson, HISTORY_SIZE, readShownChats, recentMessages } from '#shared/compat/support-chat-envelope/chats';
import { OK } from '#shared/compat/support-chat-envelope/envelope';
import { deterministicId } from '#shared/ids';
import { supportAvailability } from '#shared/realtime/presence';
import type { NewChatBody } from './requests';

interface Line {
  text: string;
  clientMessageId?: string;
}

/**
 * POST /api/v1/chat/newChat (seed 000): the caller's one support conversation (the core's, so every agent of
 * the tenant sees it in the queue), opened or reused. With a product, the product's name is sent first (the
 * document's "product enquiry auto filled with product name"), then `message`; both as the caller.
 *
 * Idempotency: opening is idempotent (one support conversation per user). With `client_message_id`, a retried
 * call stores nothing twice: `message` carries it and the product line a key derived from it, through the
 * core's de-duplication. Without it, a retry appends again, like the core's send without clientMessageId.
 * Ordering: the product line and the message get consecutive seqs, in that order; each is pushed
 * (message.created) by the use case that stores it, right after its commit and before the response.
 */
export const newChat = async (identity: Identity, body: NewChatBody) => {
  // Whether an agent is online is asked at once, not after the writes.
  const availability = inFlight(supportAvailability(identity.tenant));
  const plan = await supportConversationPlan(identity, body.product_id == null ? {} : { productId: body.product_id });
  const [first, ...rest] = linesOf(plan, body);
  const opened = await openConversation(identity, {
    ...plan,
    ...(first && { firstMessage: { ...first, explicit: true } }),
  });
  const conversationId = opened.member.conversationId;
  for (const line of rest) await sendMessage(identity, conversationId, line);

  const [shown, { allAgentsIdle }] = await Promise.all([
    recentMessages(identity, conversationId, HISTORY_SIZE),
    availability,
  ]);
  await readShownChats(identity, opened.member, shown);
  return {
    ...OK,
    chats: shown.map((m) => chatJson(m, identity.userId)),
    is_allAdminIdle: allAgentsIdle,
    chat_id: opened.member.conversation.number,
    user_id: looseId(identity.userId),
  };
};

const linesOf = (plan: OpeningPlan, body: NewChatBody): Line[] => {
  const cmid = body.client_message_id;
  const product = plan.snapshot.product;
  const lines: Line[] = [];
  if (product)
    lines.push({
      text: product.name,
      ...(cmid !== undefined && { clientMessageId: `pe_${deterministicId('product-line', product.id, cmid)}` }),
    });
  if (body.message != null) lines.push({ text: body.message, ...(cmid !== undefined && { clientMessageId: cmid }) });
  return lines;
};
