import { describeAttachments } from '#shared/chat/attachment-text';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { SUPPORT_TEAM } from '#shared/table/keys';
import { conversationLink } from './conversation-link';
import { button, type EmailContent, onBehalfOf, plainText, quoted, replyHint } from './email-content';
import { html } from './escape-html';
import { oneLine, personName } from './header-safe';
import { newConversationRecipient } from './new-conversation-recipient';
import { replySubject, threadSubject } from './threading';

export interface OfflineMessage {
  /** The recipient's own view of the conversation (participants, subject, role). */
  recipient: MemberItem;
  to: string;
  message: MessageItem;
  windowMinutes: number;
  /** The recipient's reply address in this conversation, when replying by email is on. */
  replyTo?: string;
}

/**
 * The thread this email belongs to (threading.ts): the new-conversation email's for the member it went to (named
 * after the one who opened the conversation, as that email is), the conversation's subject for everyone else.
 */
const threadOf = (recipient: MemberItem) => {
  const { conversation } = recipient;
  if (newConversationRecipient(conversation) !== recipient.member) return threadSubject(conversation.subject);
  const opener = recipient.participants[conversation.members[0]!];
  return threadSubject(conversation.subject, personName(opener?.name, 'A customer'));
};

/** To a participant who is not connected: who wrote, what, and where to read the rest. */
export const offlineMessageEmail = ({
  recipient,
  to,
  message,
  windowMinutes,
  replyTo,
}: OfflineMessage): EmailContent => {
  const senderState = recipient.participants[message.sender];
  const fallback = message.sender === SUPPORT_TEAM ? 'Support' : 'Someone';
  const name = personName(senderState?.name, fallback);
  const subject = oneLine(recipient.conversation.subject, 200);
  const link = conversationLink(recipient.conversationId, recipient.participants[recipient.member]?.role);
  // Attachments are named, never linked: the link is to the conversation, where participants get short-lived links.
  const attached = message.attachments?.length
    ? `${name} sent ${describeAttachments(message.attachments)}: ${message.attachments.map((a) => oneLine(a.fileName, 200)).join(', ')}.`
    : '';
  const cadence =
    windowMinutes > 0
      ? `You get at most one such email per conversation every ${windowMinutes} minutes while you are away.`
      : '';
  const hint = replyHint(replyTo, name);

  const text = [
    `${name} sent you a message in "${subject}":`,
    '',
    ...(message.text ? [plainText(message.text), ''] : []),
    ...(attached ? [attached, ''] : []),
    ...(hint ? [hint, ''] : []),
    ...(link ? ['Open the conversation:', link, ''] : []),
    cadence,
  ]
    .join('\n')
    .trimEnd();

  const body = html`
    <h2 style="font-size:18px">New message from ${name}</h2>
    <p>In “${subject}”:</p>
    ${message.text && quoted(message.text)}
    ${attached && html`<p>${attached}</p>`}
    ${hint && html`<p>${hint}</p>`}
    ${link && button(link, 'Open the conversation')}
    ${cadence && html`<p style="color:#666;font-size:12px">${cadence}</p>`}`;

  return onBehalfOf(name, 'New message', {
    kind: 'offline-message',
    to,
    subject: replySubject(threadOf(recipient)),
    text,
    body,
    replyTo,
  });
};
