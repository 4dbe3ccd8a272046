import type { Role } from '#shared/auth/identity';
import type { Key, MemberKey } from '#shared/table/keys';

export type ConversationKind = 'product' | 'direct' | 'support';
export interface Topic {
  type: string;
  id: string;
}
export interface ProductRef {
  id: string;
  name: string;
  imageUrl?: string;
  url?: string;
}
export interface SellerRef {
  id: string;
  shopName: string;
  logoUrl?: string;
}

export interface ParticipantState {
  userId: string;
  role: Role;
  name?: string;
  joinedAt: string;
  unreadCount: number;
  lastReadSeq: number;
  lastReadAt: string | null;
}

export interface LastMessage {
  id: string;
  seq: number;
  senderId: string;
  text: string;
  createdAt: string;
}

/** What never changes after a conversation is opened; copied into every member item. */
export interface ConversationSnapshot {
  id: string;
  /** The tenant-wide numeric alias (unique, not gap-free), for dialects whose clients type ids as integers. */
  number: number;
  kind: ConversationKind;
  topic: Topic | null;
  subject: string;
  product: ProductRef | null;
  seller: SellerRef | null;
  createdAt: string;
  /** Participant slots in display order. */
  members: MemberKey[];
}

/** The conversation header (`LOG#HEAD`): authorization for the log, and the record that announces a new conversation. */
export interface HeadItem extends Key, ConversationSnapshot {
  entity: 'conversation';
  tenant: string;
  /** Notification addresses known at creation, by member (seller directory, token or guest email). */
  emails: Partial<Record<MemberKey, string>>;
  names: Partial<Record<MemberKey, string>>;
}

/** One participant's complete view of a conversation: a list page is one Query of these. */
export interface MemberItem extends Key {
  entity: 'member';
  tenant: string;
  conversationId: string;
  member: MemberKey;
  email?: string;
  archived: boolean;
  /** Highest message seq applied to this item by the stream processor (or the opening transaction). */
  lastSeq: number;
  lastMessage: LastMessage | null;
  updatedAt: string;
  conversation: ConversationSnapshot;
  participants: Record<string, ParticipantState>;
  GSI1PK: string;
  GSI1SK: string;
  GSI2PK?: string;
}

export interface MessageItem extends Key {
  entity: 'message';
  tenant: string;
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  sender: MemberKey;
  text: string;
  createdAt: string;
  clientMessageId?: string;
  /** Every participant slot at send time, so the stream processor needs no read to fan out. */
  members: MemberKey[];
  /** The first message of a new conversation: its effects were applied by the opening transaction. */
  opensConversation?: boolean;
}

/** `T#<t>#CONVNO#<n>`: resolves a conversation number to the conversation. */
export interface ConversationNumberItem extends Key {
  entity: 'conversation-number';
  tenant: string;
  number: number;
  conversationId: string;
}
