import type { Identity } from '#shared/auth/identity';
import { readNewestMessages } from '#shared/chat/list-messages';
import { type OpeningPlan, openConversation } from '#shared/chat/open-conversation';
import { supportConversationId, supportConversationPlan } from '#shared/chat/opening-plans';
import { sendMessage } from '#shared/chat/send-message';
import { type MessageView, messageView } from '#shared/chat/views';
import { looseId } from '#shared/compat/ids';
import { inFlight } from '#shared/compat/in-flight';
import {
  chatJson,
  HISTORY_SIZE,
  readShownChats,
  recentMessages,
  screenAfterWrites,
} from '#shared/compat/support-chat-envelope/chats';
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
 * `chats` is the log up to the last line stored: the history read alongside the opening's first round, then the
 * lines (read again only when another message came in between).
 */
export const newChat = async (identity: Identity, body: NewChatBody) => {
  // Whether an agent is online, and the chat's history, are asked at once, not after the writes. The history is
  // the caller's own conversation (its id is theirs); it is shown only once the opening has found them in it.
  const availability = inFlight(supportAvailability(identity.tenant));
  const history = inFlight(readNewestMessages(identity.tenant, supportConversationId(identity), HISTORY_SIZE));
  const productId = body.product_id ?? undefined;
  // The first line's text is known once the plan has read the product; what the opening's first round needs of it
  // (that the caller writes it, and its clientMessageId: token and pointer) is known now, so the plan gets a stand-in.
  const firstLineId =
    productId === undefined ? body.client_message_id : productLineId(productId, body.client_message_id);
  const plan = await supportConversationPlan(identity, {
    ...(productId !== undefined && { productId }),
    ...((productId !== undefined || body.message != null) && {
      message: '',
      ...(firstLineId !== undefined && { clientMessageId: firstLineId }),
    }),
  });
  const [first, ...rest] = linesOf(plan, body);
  const opened = await openConversation(identity, {
    ...plan,
    ...(first && { firstMessage: { ...first, explicit: true } }),
  });
  const conversationId = opened.member.conversationId;
  const written: MessageView[] = opened.message ? [messageView(opened.message)] : [];
  for (const line of rest) written.push(messageView((await sendMessage(identity, conversationId, line)).message));

  const [shown, { allAgentsIdle }] = await Promise.all([
    history.then(
      (before) =>
        screenAfterWrites(before, written, HISTORY_SIZE) ?? recentMessages(identity, conversationId, HISTORY_SIZE),
    ),
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

/** The product line's clientMessageId, derived from the call's: a retried call stores neither line twice. */
const productLineId = (productId: string, cmid: string | undefined) =>
  cmid === undefined ? undefined : `pe_${deterministicId('product-line', productId, cmid)}`;

const linesOf = (plan: OpeningPlan, body: NewChatBody): Line[] => {
  const cmid = body.client_message_id;
  const product = plan.snapshot.product;
  const lines: Line[] = [];
  if (product) {
    const clientMessageId = productLineId(product.id, cmid);
    lines.push({ text: product.name, ...(clientMessageId !== undefined && { clientMessageId }) });
  }
  if (body.message != null) lines.push({ text: body.message, ...(cmid !== undefined && { clientMessageId: cmid }) });
  return lines;
};
