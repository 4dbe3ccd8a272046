import type { Identity } from '#shared/auth/identity';
import { textWithAttachments } from '#shared/chat/attachment-text';
import type { MemberItem } from '#shared/chat/items/member';
import type { ParticipantState } from '#shared/chat/model';
import type { MessageView } from '#shared/chat/views';
import { messageUuid, numberUuid, UUID_PATTERN } from '#shared/compat/ids';
import { laravelTimestamp, laravelTimestampOrNull } from '#shared/compat/time';
import { taggableFromTopic } from './taggable';

/** User id → the tenant's user number (shared/catalog/user-number), for every user a response shows. */
export type UserNumbers = ReadonlyMap<string, number>;

/**
 * The JSON of the "conversations with participants" dialect (seed 004), from one participant's member item.
 * Every `uuid` is 8-4-4-4-12 hex and every `*_id` an integer, as the document types them (typed clients decode
 * the whole response or nothing): the conversation's `uuid` is its number as a UUID (`numberUuid`) and
 * `pivot.conversation_id` the number itself; a participant's `uuid` is their user id when that is a UUID (a
 * Cognito `sub`), else their user number as a UUID, and `pivot.user_id` their user number. Participants'
 * e-mail addresses are not ours to hand out: only the caller's own is shown, others are null.
 */
export const conversationUuid = (item: MemberItem) => numberUuid('conversation', item.conversation.number);

export const userUuid = (userId: string, numbers: UserNumbers) =>
  UUID_PATTERN.test(userId) ? userId : numberUuid('user', numbers.get(userId)!);

/** The user ids a conversation's JSON shows (to number them in one go). */
export const shownUserIds = (item: MemberItem) =>
  item.conversation.members.flatMap((slot) => item.participants[slot]?.userId ?? []);

export const conversationJson = (item: MemberItem, viewer: Identity, numbers: UserNumbers) => {
  const c = item.conversation;
  return {
    uuid: conversationUuid(item),
    ...taggableFromTopic(c.topic),
    last_message_text: item.lastMessage?.text ?? null,
    last_message_at: laravelTimestampOrNull(item.lastMessage?.createdAt),
    is_archived: item.archived,
    created_at: laravelTimestamp(c.createdAt),
    updated_at: laravelTimestamp(item.updatedAt),
    participants: c.members.flatMap((slot) => {
      const p = item.participants[slot];
      if (!p) return [];
      const email = p.userId === viewer.userId ? viewer.email : undefined;
      // Both participants joined when the conversation was opened (shared/chat/model.ts).
      return [participantJson({ ...p, joinedAt: c.createdAt }, c.number, numbers, email)];
    }),
  };
};

const participantJson = (
  p: ParticipantState & { joinedAt: string },
  conversationNumber: number,
  numbers: UserNumbers,
  email: string | undefined,
) => ({
  uuid: userUuid(p.userId, numbers),
  name: p.name ?? null,
  email: email ?? null,
  pivot: {
    conversation_id: conversationNumber,
    user_id: numbers.get(p.userId)!,
    unread_count: p.unreadCount,
    last_read_at: laravelTimestampOrNull(p.lastReadAt),
    joined_at: laravelTimestamp(p.joinedAt),
    created_at: laravelTimestamp(p.joinedAt),
    updated_at: laravelTimestamp(p.lastReadAt ?? p.joinedAt),
  },
});

/** A message: `id` is its seq (gap-free, increasing per conversation), `uuid` the core message id in hex. */
export const messageJson = (m: MessageView, member: MemberItem, numbers: UserNumbers) => ({
  id: m.seq,
  uuid: messageUuid(m.id),
  conversation_uuid: conversationUuid(member),
  user_uuid: userUuid(m.senderId, numbers),
  text: textWithAttachments(m),
  ...(m.clientMessageId !== undefined && { client_message_id: m.clientMessageId }),
  created_at: laravelTimestamp(m.createdAt),
  updated_at: laravelTimestamp(m.createdAt),
});
