import type { Identity } from '#shared/auth/identity';
import { readCallerMember } from '#shared/chat/conversation-store';
import { listInboxPage } from '#shared/chat/list-conversations';
import { listMessagePage } from '#shared/chat/list-messages';
import { openEmptyConversation } from '#shared/chat/open-conversation';
import { directConversationPlan } from '#shared/chat/opening-plans';
import { sendMessage as sendCoreMessage } from '#shared/chat/send-message';
import { messageView } from '#shared/chat/views';
import { resolveConversationRef } from '#shared/compat/conversation-ref';
import { paginated } from '#shared/compat/laravel/paginator';
import { markShownRead } from '#shared/compat/mark-shown-read';
import { userMember } from '#shared/table/keys';
import { conversationJson, messageJson } from './shapes';
import { topicFromTaggable } from './taggable';

/** Laravel's default page size. */
const PER_PAGE = 15;

/**
 * A 1:1 conversation with `participant_uuid` (a user id), tagged or not: the core's direct conversation, one
 * per (pair, tag). Idempotent: a repeat answers the same conversation.
 */
export const createConversation = async (
  identity: Identity,
  body: { participant_uuid: string; taggable_type?: string | null; taggable_id?: string | null },
) => {
  const topic =
    body.taggable_type && body.taggable_id ? topicFromTaggable(body.taggable_type, body.taggable_id) : undefined;
  const plan = await directConversationPlan(identity, {
    participantId: body.participant_uuid,
    ...(topic && { topic }),
  });
  const { member } = await openEmptyConversation(identity, plan);
  return { message: 'Conversation created successfully', data: conversationJson(member, identity) };
};

export const listConversations = async (identity: Identity, page: number, path: string) => {
  const { items, total } = await listInboxPage(identity.tenant, userMember(identity.userId), {
    number: page,
    size: PER_PAGE,
    archived: false,
  });
  const data = items.map((item) => conversationJson(item, identity));
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
  const { message, created } = await sendCoreMessage(identity, conversationId, {
    text: (body.text ?? body.message)!,
    ...(body.client_message_id !== undefined && { clientMessageId: body.client_message_id }),
  });
  return { created, body: { message: 'Message sent successfully', data: messageJson(messageView(message)) } };
};

/** Newest first; showing the first page reads the conversation (this dialect has no read route). */
export const listMessages = async (identity: Identity, ref: string, page: number, path: string) => {
  const conversationId = await resolveConversationRef(identity.tenant, ref);
  const member = await readCallerMember(identity, conversationId);
  const { items, total } = await listMessagePage(identity, conversationId, { number: page, size: PER_PAGE });
  if (page === 1) await markShownRead(identity, member, items);
  return {
    message: 'Messages retrieved successfully',
    ...paginated(items.map(messageJson), { number: page, size: PER_PAGE, total }, path),
  };
};
