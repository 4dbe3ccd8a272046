import type { Identity } from '#shared/auth/identity';
import { existingUserNumber, userNumbers } from '#shared/catalog/user-number';
import { readCallerMember } from '#shared/chat/conversation-store';
import type { MemberItem } from '#shared/chat/items/member';
import { listInboxPage } from '#shared/chat/list-conversations';
import { listMessagePage, listMessages } from '#shared/chat/list-messages';
import { openConversation } from '#shared/chat/open-conversation';
import { productConversationPlan } from '#shared/chat/opening-plans';
import { sendMessage } from '#shared/chat/send-message';
import { type MessageView, messageView } from '#shared/chat/views';
import { resolveConversationRef } from '#shared/compat/conversation-ref';
import { inFlight } from '#shared/compat/in-flight';
import { paginated } from '#shared/compat/laravel/paginator';
import { markShownRead } from '#shared/compat/mark-shown-read';
import { numbersShown } from '#shared/compat/shown-numbers';
import { NotFound } from '#shared/errors';
import { userMember } from '#shared/table/keys';
import { conversationJson, messageJson, shopOf, shownUserIds } from './shapes';

/** The public implementation's page size (paginate(10)). */
const PER_PAGE = 10;
/** At most this many new messages per poll: the oldest ones, so taking the highest id as the next `last_message_id` never skips one. */
const NEW_MESSAGES_LIMIT = 100;
const OK = { success: true, status: 200 };

/** The numbers of the conversation's users and of these messages' senders, kept on the caller's member item. */
const numbersFor = (tenant: string, member: MemberItem, messages: readonly MessageView[]) =>
  numbersShown(tenant, [{ item: member, userIds: [...shownUserIds(member), ...messages.map((m) => m.senderId)] }]);

const inboxPage = (identity: Identity, page: number) =>
  listInboxPage(identity.tenant, userMember(identity.userId), {
    number: page,
    size: PER_PAGE,
    archived: false,
    kind: 'product',
  });

/**
 * The caller's product conversations (all a 003 app can show), most recent activity first: one read of the inbox,
 * whose items carry the user numbers shown (shown-numbers.ts; the first time a conversation is shown, its users
 * are numbered and the numbers recorded on the caller's item).
 */
export const listConversations = async (identity: Identity, page: number, path: string) =>
  conversationsJson(identity, await inboxPage(identity, page), page, path);

const conversationsJson = async (
  identity: Identity,
  { items, total }: Awaited<ReturnType<typeof inboxPage>>,
  page: number,
  path: string,
) => {
  const numbers = await numbersShown(
    identity.tenant,
    items.map((item) => ({ item, userIds: shownUserIds(item) })),
  );
  return {
    ...paginated(
      items.map((item) => conversationJson(item, numbers, path)),
      { number: page, size: PER_PAGE, total },
      path,
    ),
    ...OK,
  };
};

/**
 * GET /api/v2/chat/conversations/{user_id} of the app's older builds: the same list, for the caller's own id
 * only (their user number, as our answers give it, or their user id); anyone else's is a 404, never their list.
 * The caller's number is read alongside the page (a caller with no number yet has been given none: 404).
 */
export const listUserConversations = async (identity: Identity, userId: string, page: number, path: string) => {
  const byNumber = userId !== identity.userId;
  if (byNumber && !/^[1-9]\d{0,14}$/.test(userId)) throw new NotFound();
  const [own, listed] = await Promise.all([
    byNumber ? existingUserNumber(identity.tenant, identity.userId) : undefined,
    inboxPage(identity, page),
  ]);
  if (byNumber && own !== Number(userId)) throw new NotFound();
  return conversationsJson(identity, listed, page, path);
};

/** Newest first. Showing the first page reads the conversation: it is what sets `*_viewed` in this dialect. */
export const listConversationMessages = async (identity: Identity, ref: string, page: number, path: string) => {
  const conversationId = await resolveConversationRef(identity.tenant, ref);
  const [member, { items, total }] = await Promise.all([
    readCallerMember(identity, conversationId),
    listMessagePage(identity, conversationId, { number: page, size: PER_PAGE }),
  ]);
  const [numbers] = await Promise.all([
    numbersFor(identity.tenant, member, items),
    page === 1 && markShownRead(identity, member, items),
  ]);
  return {
    ...paginated(
      items.map((m) => messageJson(m, member, numbers)),
      { number: page, size: PER_PAGE, total },
      path,
    ),
    ...OK,
  };
};

/**
 * "Contact seller" on a product: the core's product conversation, one per (customer, seller, product). A repeat
 * answers the same conversation and appends `message` (de-duplicated by `client_message_id` when given), as
 * POST /v1/conversations does; the seller's e-mail is the core's new-conversation e-mail.
 */
export const createConversation = async (
  identity: Identity,
  body: { product_id: string; title?: string; message?: string; client_message_id?: string },
  path: string,
) => {
  const plan = await productConversationPlan(identity, {
    productId: body.product_id,
    ...(body.title !== undefined && { subject: body.title }),
    ...(body.message !== undefined && { message: body.message }),
    ...(body.client_message_id !== undefined && { clientMessageId: body.client_message_id }),
  });
  const opened = await openConversation(identity, plan);
  const { conversation } = opened.member;
  return {
    result: true,
    success: true,
    message: 'Conversation created',
    conversation_id: conversation.number,
    ...shopOf(conversation.seller, path),
    title: conversation.subject,
  };
};

/** The core send (same ordering and `client_message_id` de-duplication); the sender has viewed the conversation. */
export const insertMessage = async (
  identity: Identity,
  body: { conversation_id: string; message: string; client_message_id?: string },
  path: string,
) => {
  const conversationId = await resolveConversationRef(identity.tenant, body.conversation_id);
  // The caller's view and number (the sender's) are read while the message is sent, not after.
  const shown = inFlight(
    Promise.all([readCallerMember(identity, conversationId), userNumbers(identity.tenant, [identity.userId])]),
  );
  const { message } = await sendMessage(identity, conversationId, {
    text: body.message,
    ...(body.client_message_id !== undefined && { clientMessageId: body.client_message_id }),
  });
  const [member, numbers] = await shown;
  const sent = messageView(message);
  await markShownRead(identity, member, [sent]);
  return { ...paginated([messageJson(sent, member, numbers)], { number: 1, size: 1, total: 1 }, path), ...OK };
};

/** Messages with id (seq) > `lastMessageId`, most recent first; an empty poll is one read. */
export const getNewMessages = async (identity: Identity, ref: string, lastMessageId: number, path: string) => {
  const conversationId = await resolveConversationRef(identity.tenant, ref);
  const { items } = await listMessages(identity, conversationId, {
    direction: 'after',
    after: lastMessageId,
    limit: NEW_MESSAGES_LIMIT,
  });
  const page = (data: unknown[]) => ({
    ...paginated(data, { number: 1, size: Math.max(1, data.length), total: data.length }, path),
    ...OK,
  });
  if (items.length === 0) return page([]);
  const member = await readCallerMember(identity, conversationId);
  const [numbers] = await Promise.all([
    numbersFor(identity.tenant, member, items),
    markShownRead(identity, member, items),
  ]);
  return page(items.reverse().map((m) => messageJson(m, member, numbers)));
};
