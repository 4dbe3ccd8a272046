import type { Identity } from '#shared/auth/identity';
import type { MemberItem } from '#shared/chat/items/member';
import { markReadAsShown } from '#shared/chat/mark-read';
import type { MessageView } from '#shared/chat/views';

/**
 * The Laravel-era dialects have no read route: showing a conversation's messages to a participant is what
 * reads them there. Moves the caller's read position up to the newest message shown (never backwards, so a retried
 * or stale view changes nothing); skipped when already read that far. Through markReadAsShown: the member item the
 * page was read with names the conversation, so the header and tip are not read again. Like POST …/read, it tells
 * the other participant's live connections (`conversation.read`).
 */
export const markShownRead = async (identity: Identity, member: MemberItem, shown: readonly MessageView[]) => {
  const newest = Math.max(0, ...shown.map((m) => m.seq));
  const own = member.participants[member.member];
  if (newest === 0 || (own && own.lastReadSeq >= newest)) return;
  await markReadAsShown(identity, member, newest);
};
