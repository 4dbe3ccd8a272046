import type { Identity } from '#shared/auth/identity';
import { numberMissing, readUserNumbers, userIdByNumber, userNumbers } from '#shared/catalog/user-number';
import { readCallerMember } from '#shared/chat/conversation-store';
import { listInboxPage } from '#shared/chat/list-conversations';
import { listMessagePage } from '#shared/chat/list-messages';
import { openEmptyConversation } from '#shared/chat/open-conversation';
import { directConversationPlan } from '#shared/chat/opening-plans';
import { sendMessage as sendCoreMessage } from '#shared/chat/send-message';
import { messageView } from '#shared/chat/views';
import { resolveConversationRef } from '#shared/compat/conversation-ref';
import { numberFromUuid } from '#shared/compat/ids';
import { inFlight } from '#shared/compat/in-flight';
import { paginated } from '#shared/compat/laravel/paginator';
import { markShownRead } from '#shared/compat/mark-shown-read';
import { numbersShown } from '#shared/compat/shown-numbers';
import { userMember } from '#shared/table/keys';
import { conversationJson, messageJson, shownUserIds } from './shapes';
import { topicFromTaggable } from './taggable';

/** Laravel's default page size. */
const PER_PAGE = 15;

/**
 * `participant_uuid` as the app holds it: a participant `uuid` of our answers (a user number as a UUID) is that
 * user; anything else is taken as a user id (sellers of the directory, users who have chatted, UUID `sub`s).
 */
const participantId = async (tenant: string, participantUuid: string) => {
  const number = numberFromUuid('user', participantUuid);
  return (number !== undefined && (await userIdByNumber(tenant, number))) || participantUuid;
};

/**
 * A 1:1 conversation with `participant_uuid`, tagged or not: the core's direct conversation, one per (pair,
 * tag), opened through the core's open use case, so by whoever may open one there (customers; sellers with their
 * customers; guests 403). Idempotent: a repeat answers the same conversation, whichever of the two opens it.
 */
export const createConversation = async (
  identity: Identity,
  body: { participant_uuid: string; taggable_type?: string | null; taggable_id?: string | null },
) => {
  const topic =
    body.taggable_type && body.taggable_id ? topicFromTaggable(body.taggable_type, body.taggable_id) : undefined;
  const participant = await participantId(identity.tenant, body.participant_uuid);
  // The numbers of the two users the answer shows are read alongside the plan, and given (if new) alongside the
  // opening's write, once the plan has found the participant: no user input is numbered unchecked.
  const [plan, numbering] = await Promise.all([
    directConversationPlan(identity, { participantId: participant, ...(topic && { topic }) }),
    readUserNumbers(identity.tenant, [identity.userId, participant]),
  ]);
  const [{ member }, numbered] = await Promise.all([
    openEmptyConversation(identity, plan),
    numberMissing(identity.tenant, numbering),
  ]);
  const shown = shownUserIds(member);
  const numbers = shown.every((id) => numbered.has(id)) ? numbered : await userNumbers(identity.tenant, shown);
  return { message: 'Conversation created successfully', data: conversationJson(member, identity, numbers) };
};

/**
 * One read of the inbox, whose items carry the user numbers shown (shown-numbers.ts; the first time a conversation
 * is shown, its users are numbered and the numbers recorded on the caller's item).
 */
export const listConversations = async (identity: Identity, page: number, path: string) => {
  const { items, total } = await listInboxPage(identity.tenant, userMember(identity.userId), {
    number: page,
    size: PER_PAGE,
    archived: false,
  });
  const numbers = await numbersShown(
    identity.tenant,
    items.map((item) => ({ item, userIds: shownUserIds(item) })),
  );
  const data = items.map((item) => conversationJson(item, identity, numbers));
  return {
    message: 'Conversations retrieved successfully',
    ...paginated(data, { number: page, size: PER_PAGE, total }, path),
  };
};

/** The core send: same participant check, ordering (seq) and `client_message_id` de-duplication. */
export const sendMessage = async (
  identity: Identity,
  ref: string,
  body: { text?: string | null; message?: string | null; client_message_id?: string },
) => {
  const conversationId = await resolveConversationRef(identity.tenant, ref);
  // The caller's view and number (the sender's) are read while the message is sent, not after.
  const shown = inFlight(
    Promise.all([readCallerMember(identity, conversationId), userNumbers(identity.tenant, [identity.userId])]),
  );
  const { message, created } = await sendCoreMessage(identity, conversationId, {
    text: (body.text ?? body.message)!,
    ...(body.client_message_id !== undefined && { clientMessageId: body.client_message_id }),
  });
  const [member, numbers] = await shown;
  return {
    created,
    body: { message: 'Message sent successfully', data: messageJson(messageView(message), member, numbers) },
  };
};

/** Newest first; showing the first page reads the conversation (this dialect has no read route). */
export const listMessages = async (identity: Identity, ref: string, page: number, path: string) => {
  const conversationId = await resolveConversationRef(identity.tenant, ref);
  const [member, { items, total }] = await Promise.all([
    readCallerMember(identity, conversationId),
    listMessagePage(identity, conversationId, { number: page, size: PER_PAGE }),
  ]);
  // The senders' numbers: those on the caller's member item (its participants'), the others' read and recorded there.
  const [numbers] = await Promise.all([
    numbersShown(identity.tenant, [
      { item: member, userIds: [...shownUserIds(member), ...items.map((m) => m.senderId)] },
    ]),
    page === 1 && markShownRead(identity, member, items),
  ]);
  return {
    message: 'Messages retrieved successfully',
    ...paginated(
      items.map((m) => messageJson(m, member, numbers)),
      { number: page, size: PER_PAGE, total },
      path,
    ),
  };
};
