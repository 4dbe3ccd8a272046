import type { Identity } from '#shared/auth/identity';
import { readNewestMessages } from '#shared/chat/list-messages';
import { openConversation } from '#shared/chat/open-conversation';
import { supportConversationId, supportConversationPlan } from '#shared/chat/opening-plans';
import type { Line } from '#shared/chat/opening-types';
import { messageView } from '#shared/chat/views';
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

/**
 * POST /api/v1/chat/newChat (seed 000): the caller's one support conversation (the core's, so every agent of
 * the tenant sees it in the queue), opened or reused. With a product, the product's name is sent first (the
 * document's "product enquiry auto filled with product name"), then `message`; both as the caller.
 *
 * Round trips: the opening's first round (with the history and the agents' availability), then one write that
 * stores the lines (the opening's, with `message` as its follow-up): two, whether the chat is new or not.
 * Idempotency: opening is idempotent (one support conversation per user). With `client_message_id`, a retried
 * call stores nothing twice: `message` carries it and the product line a key derived from it, through the
 * core's de-duplication. Without it, a retry appends again, like the core's send without clientMessageId.
 * Ordering: the product line and the message get consecutive seqs, in that order, stored by one write (together
 * or not at all: their two tokens of the sender's rate limit are taken at once, so a 429 stores neither); each is
 * pushed (message.created), in that order, right after the commit and before the response.
 * `chats` is the log up to the last line stored: the history read alongside the opening's first round, then the
 * lines (read again only when another message came in between).
 */
export const newChat = async (identity: Identity, body: NewChatBody) => {
  // Whether an agent is online, and the chat's history, are asked at once, not after the writes. The history is
  // the caller's own conversation (its id is theirs); it is shown only once the opening has found them in it.
  const availability = inFlight(supportAvailability(identity.tenant));
  const history = inFlight(readNewestMessages(identity.tenant, supportConversationId(identity), HISTORY_SIZE));
  const productId = body.product_id ?? undefined;
  // The product line's text is known once the plan has read the product; what the opening's first round needs of it
  // (that the caller writes it, and its clientMessageId: token and pointer) is known now, so the plan gets a stand-in.
  const [first, followUp] = linesOf(productId, body);
  const plan = await supportConversationPlan(identity, {
    ...(productId !== undefined && { productId }),
    ...(first && { message: first.text }),
    ...(first?.clientMessageId !== undefined && { clientMessageId: first.clientMessageId }),
    ...(followUp && { followUp }),
  });
  const product = plan.snapshot.product;
  const opened = await openConversation(identity, {
    ...plan,
    ...(plan.firstMessage && product && { firstMessage: { ...plan.firstMessage, text: product.name } }),
  });
  const conversationId = opened.member.conversationId;
  const written = [opened.message, opened.followUp].flatMap((m) => (m ? [messageView(m)] : []));

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

/** The lines to store, in order: the product line (its text a stand-in until the product is read), then `message`. */
const linesOf = (productId: string | undefined, body: NewChatBody): Line[] => {
  const cmid = body.client_message_id;
  const lines: Line[] = [];
  if (productId !== undefined) {
    const clientMessageId = productLineId(productId, cmid);
    lines.push({ text: '', ...(clientMessageId !== undefined && { clientMessageId }) });
  }
  if (body.message != null) lines.push({ text: body.message, ...(cmid !== undefined && { clientMessageId: cmid }) });
  return lines;
};
