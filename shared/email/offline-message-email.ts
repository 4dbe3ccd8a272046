import { describeAttachments } from '#shared/chat/attachment-text';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { SUPPORT_TEAM } from '#shared/table/keys';
import { conversationLink } from './conversation-link';
import { button, type EmailContent, onBehalfOf, plainText, quoted } from './email-content';
import { html } from './escape-html';
import { oneLine, personName } from './header-safe';

export interface OfflineMessage {
  /** The recipient's own view of the conversation (participants, subject, role). */
  recipient: MemberItem;
  to: string;
  message: MessageItem;
  windowMinutes: number;
}

/** To a participant who is not connected: who wrote, what, and where to read the rest. */
export const offlineMessageEmail = ({ recipient, to, message, windowMinutes }: OfflineMessage): EmailContent => {
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

  const text = [
    `${name} sent you a message in "${subject}":`,
    '',
    ...(message.text ? [plainText(message.text), ''] : []),
    ...(attached ? [attached, ''] : []),
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
    ${link && button(link, 'Open the conversation')}
    ${cadence && html`<p style="color:#666;font-size:12px">${cadence}</p>`}`;

  return onBehalfOf(name, 'New message', { kind: 'offline-message', to, subject, text, body });
};
