import { type AttachmentRef, refOf } from '#shared/chat/items/attachment';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import type { LastMessage, ParticipantState } from './model';

/** The contract's Conversation JSON, as seen by the owner of `item`. */
export const conversationView = (item: MemberItem) => {
  const { conversation: c } = item;
  const own = item.participants[item.member];
  return {
    id: c.id,
    topic: c.topic,
    subject: c.subject,
    product: c.product,
    seller: c.seller,
    participants: c.members.flatMap((m) => {
      const p = item.participants[m];
      return p ? [participantView(p, c.createdAt)] : [];
    }),
    lastMessage: item.lastMessage,
    archived: item.archived,
    unreadCount: own?.unreadCount ?? 0,
    createdAt: c.createdAt,
    updatedAt: item.updatedAt,
  };
};

/** Both participants of a 1:1 conversation join when it is opened (model.ts ParticipantState). */
const participantView = (p: ParticipantState, joinedAt: string) => ({
  userId: p.userId,
  role: p.role,
  ...(p.name === undefined ? {} : { name: p.name }),
  unreadCount: p.unreadCount,
  lastReadSeq: p.lastReadSeq,
  lastReadAt: p.lastReadAt,
  joinedAt,
});

/** An attachment of a message: `url` (a short-lived download link) only where participants see it (message-downloads.ts). */
export interface AttachmentView extends AttachmentRef {
  url?: string;
}

/** The contract's Message JSON; `attachments` only when it has some, without links (message-downloads.ts adds them). */
export const messageView = (m: MessageItem) => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  senderId: m.senderId,
  text: m.text,
  createdAt: m.createdAt,
  ...(m.clientMessageId === undefined ? {} : { clientMessageId: m.clientMessageId }),
  ...(m.attachments?.length ? { attachments: m.attachments.map((a): AttachmentView => refOf(a)) } : {}),
  ...(m.moderation && { moderation: { masked: true as const } }),
  ...(m.redacted && { redacted: true as const }),
});
export type MessageView = ReturnType<typeof messageView>;

export const lastMessageOf = (m: MessageItem): LastMessage => ({
  id: m.id,
  seq: m.seq,
  senderId: m.senderId,
  text: m.text,
  createdAt: m.createdAt,
  ...(m.redacted && { redacted: true }),
});
