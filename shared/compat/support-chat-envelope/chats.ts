import type { Identity } from '#shared/auth/identity';
import { textWithAttachments } from '#shared/chat/attachment-text';
import type { MemberItem } from '#shared/chat/items/member';
import { listMessages } from '#shared/chat/list-messages';
import type { ParticipantState } from '#shared/chat/model';
import type { MessageView } from '#shared/chat/views';
import { markShownRead } from '#shared/compat/mark-shown-read';
import { sqlDateTime } from '#shared/compat/time';
import { SUPPORT_TEAM } from '#shared/table/keys';

/**
 * A `chats` item of the support-chat dialects (seeds 000 and 002): one message, with `user` = 1 when the
 * customer (or guest) sent it and `admin` = 1 when an agent did (agents write through the support team's slot,
 * so in a team conversation every other sender is an agent). `created_at` is a MySQL DATETIME in UTC.
 */
export const chatJson = (m: MessageView, customerId: string) => {
  const byCustomer = m.senderId === customerId ? 1 : 0;
  return {
    message: textWithAttachments(m),
    created_at: sqlDateTime(m.createdAt),
    user: byCustomer,
    admin: 1 - byCustomer,
  };
};

/** The participant who is not the support team: the customer or guest of a support (or agent-to-user) conversation. */
export const customerOf = (member: MemberItem): ParticipantState | undefined => {
  const slot = member.conversation.members.find((m) => m !== SUPPORT_TEAM);
  return slot === undefined ? undefined : member.participants[slot];
};

/** A customer's chat screen shows the newest this many messages. */
export const HISTORY_SIZE = 100;

/** The newest `limit` messages, oldest first: how a chat screen lists them. One strongly consistent Query. */
export const recentMessages = async (
  identity: Identity,
  conversationId: string,
  limit: number,
): Promise<MessageView[]> => {
  const { items } = await listMessages(identity, conversationId, { direction: 'before', limit });
  return items.reverse();
};

/**
 * The chat screen after a write, without reading the log again: the newest `limit` messages of `history` (read
 * before the write, newest first) and `written` (what the write stored or found), oldest first, when together they
 * hold every seq up to the newest of them (seqs are gap-free): the log as it stood when the last write committed.
 * Undefined when another message came in between (a gap): then the log must be read again.
 */
export const screenAfterWrites = (
  history: readonly MessageView[],
  written: readonly MessageView[],
  limit: number,
): MessageView[] | undefined => {
  const bySeq = new Map([...history, ...written].map((m) => [m.seq, m]));
  const newest = Math.max(0, ...bySeq.keys());
  const shown: MessageView[] = [];
  for (let seq = Math.max(1, newest - limit + 1); seq <= newest; seq++) {
    const message = bySeq.get(seq);
    if (!message) return undefined;
    shown.push(message);
  }
  return shown;
};

/**
 * The customer is looking at the chat: the agents' messages it shows are read (markShownRead, which
 * tells the agents' connections). Only the customer's own messages since the last read: nothing to read, no write.
 */
export const readShownChats = async (identity: Identity, member: MemberItem, shown: MessageView[]) => {
  const readUpTo = member.participants[member.member]?.lastReadSeq ?? 0;
  if (shown.some((m) => m.seq > readUpTo && m.senderId !== identity.userId))
    await markShownRead(identity, member, shown);
};
