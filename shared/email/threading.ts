import { createHash } from 'node:crypto';
import type { MemberKey } from '#shared/table/keys';
import { emailConfig } from './email-config';
import { oneLine } from './header-safe';

/** The headers that make one conversation's emails to one recipient one thread in mail clients. */
export interface ThreadHeaders {
  messageId: string;
  inReplyTo?: string;
  references?: string;
}

/** Which email of the thread: the new-conversation email (seq 0) or the notification about message `seq`. */
export interface ThreadPosition {
  tenant: string;
  conversationId: string;
  recipient: MemberKey;
  seq: number;
}

const digest = (...parts: Array<string | number>) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

/** Our Message-IDs live under the sender's domain (RFC 5322 msg-id: `<left@right>`, nothing user-given in it). */
const messageIdDomain = () => emailConfig.from.split('@')[1]!;

/**
 * Threading, the way mail clients group messages: every email of one conversation to one recipient names the
 * same root, `<conv.<hash of tenant, conversation, recipient>@<sender domain>>`, in In-Reply-To and References,
 * and carries the thread's one subject (`threadSubject`). The new-conversation email *is* that root (its
 * Message-ID); a recipient who never got one (customers) has a root that no email of theirs carries, and their
 * notifications still group under it (Gmail, Outlook and Apple Mail all thread on a shared reference plus the
 * subject). In AWS, SES replaces the Message-ID we set with its own, so it is the shared reference that threads
 * there; the Message-ID of each notification is still deterministic (`<n.<seq>.<hash>@…>`), so an email sent
 * twice (the residual risk in send-once.ts) is one message to a client that de-duplicates by it.
 */
export const threadHeaders = ({ tenant, conversationId, recipient, seq }: ThreadPosition): ThreadHeaders => {
  const domain = messageIdDomain();
  const root = `<conv.${digest(tenant, conversationId, recipient)}@${domain}>`;
  if (seq === 0) return { messageId: root };
  return {
    messageId: `<n.${seq}.${digest(tenant, conversationId, recipient, seq)}@${domain}>`,
    inReplyTo: root,
    references: root,
  };
};

/**
 * The subject of a recipient's thread: the new-conversation email's (for its recipient, the seller), otherwise
 * the conversation's subject; every later email says `Re: <it>`, as a reply in that thread would.
 */
export const threadSubject = (conversationSubject: string, enquiryFrom?: string): string =>
  oneLine(
    enquiryFrom === undefined ? conversationSubject : `New enquiry from ${enquiryFrom}: ${conversationSubject}`,
    200,
  );

export const replySubject = (subject: string) => oneLine(`Re: ${subject}`, 200);
