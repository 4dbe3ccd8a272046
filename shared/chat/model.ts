import type { Role } from '#shared/auth/identity';
import type { MemberKey } from '#shared/table/keys';

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

/**
 * One participant's state as every member item keeps it. When they joined is not stored: both participants of a
 * (1:1) conversation join when it is opened, so it is the conversation's `createdAt` (views.ts).
 */
export interface ParticipantState {
  userId: string;
  role: Role;
  name?: string;
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
  /** The message was redacted after it became the preview (its text is then ""). */
  redacted?: true;
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
