import type { Identity } from '#shared/auth/identity';
import type { MemberItem } from '#shared/chat/items/member';
import type { ParticipantState } from '#shared/chat/model';
import type { MessageView } from '#shared/chat/views';
import { looseId } from '#shared/compat/ids';
import { laravelTimestamp, laravelTimestampOrNull } from '#shared/compat/time';
import { taggableFromTopic } from './taggable';

/**
 * The JSON of the "conversations with participants" dialect (seed 004), from one participant's member item.
 * `uuid` is the conversation id; `pivot.conversation_id` its number. Participants' e-mail addresses are not
 * ours to hand out: only the caller's own is shown, others are null.
 */
export const conversationJson = (item: MemberItem, viewer: Identity) => {
  const c = item.conversation;
  return {
    uuid: c.id,
    ...taggableFromTopic(c.topic),
    last_message_text: item.lastMessage?.text ?? null,
    last_message_at: laravelTimestampOrNull(item.lastMessage?.createdAt),
    is_archived: item.archived,
    created_at: laravelTimestamp(c.createdAt),
    updated_at: laravelTimestamp(item.updatedAt),
    participants: c.members.flatMap((slot) => {
      const p = item.participants[slot];
      return p ? [participantJson(p, c.number, p.userId === viewer.userId ? viewer.email : undefined)] : [];
    }),
  };
};

const participantJson = (p: ParticipantState, conversationNumber: number, email: string | undefined) => ({
  uuid: p.userId,
  name: p.name ?? null,
  email: email ?? null,
  pivot: {
    conversation_id: conversationNumber,
    user_id: looseId(p.userId),
    unread_count: p.unreadCount,
    last_read_at: laravelTimestampOrNull(p.lastReadAt),
    joined_at: laravelTimestamp(p.joinedAt),
    created_at: laravelTimestamp(p.joinedAt),
    updated_at: laravelTimestamp(p.lastReadAt ?? p.joinedAt),
  },
});

/** A message: `id` is its seq (gap-free, increasing per conversation), `uuid` the core message id. */
export const messageJson = (m: MessageView) => ({
  id: m.seq,
  uuid: m.id,
  conversation_uuid: m.conversationId,
  user_uuid: m.senderId,
  text: m.text,
  ...(m.clientMessageId !== undefined && { client_message_id: m.clientMessageId }),
  created_at: laravelTimestamp(m.createdAt),
  updated_at: laravelTimestamp(m.createdAt),
});
