import type { HeadItem } from '#shared/chat/items/head';
import type { MessageItem } from '#shared/chat/items/message';
import type { MemberKey } from '#shared/table/keys';
import { conversationLink } from './conversation-link';
import { button, type EmailContent, onBehalfOf, plainText, quoted, replyHint } from './email-content';
import { html, safeHref } from './escape-html';
import { oneLine, personName } from './header-safe';
import { threadSubject } from './threading';

export interface NewConversation {
  head: HeadItem;
  seller: MemberKey;
  to: string;
  /** The message the conversation was opened with, if any. */
  firstMessage: MessageItem | undefined;
  /** The seller's reply address in this conversation, when replying by email is on. */
  replyTo?: string;
}

/** To the seller: who asks, about which product (or order), their first message, and where to answer. */
export const newConversationEmail = ({ head, seller, to, firstMessage, replyTo }: NewConversation): EmailContent => {
  const opener = head.members.find((m) => m !== seller)!;
  const name = personName(head.names[opener], 'A customer');
  const subject = oneLine(head.subject, 200);
  const product = head.product;
  const about = product
    ? `about ${oneLine(product.name, 150)}`
    : head.topic
      ? `about ${oneLine(`${head.topic.type} ${head.topic.id}`, 150)}`
      : '';
  const link = conversationLink(head.id, 'seller')!;
  const showSubject = subject !== oneLine(product?.name ?? '', 200);
  const hint = replyHint(replyTo, name);

  const text = [
    `${name} sent you a new enquiry${about ? ` ${about}` : ''}.`,
    '',
    ...(product ? [`Product: ${plainText(product.name)}`, ...(product.url ? [product.url] : [])] : []),
    ...(head.topic && !product ? [`${plainText(head.topic.type)}: ${plainText(head.topic.id)}`] : []),
    ...(showSubject ? [`Subject: ${subject}`] : []),
    '',
    ...(firstMessage ? [`${name} wrote:`, plainText(firstMessage.text), ''] : []),
    ...(hint ? [hint, '', 'Or open the conversation:'] : ['Open the conversation to reply:']),
    link,
  ].join('\n');

  const body = html`
    <h2 style="font-size:18px">New enquiry from ${name}</h2>
    ${product && html`<p><strong>Product:</strong> ${product.url ? html`<a href="${safeHref(product.url)}">${product.name}</a>` : product.name}</p>`}
    ${head.topic && !product && html`<p><strong>${head.topic.type}:</strong> ${head.topic.id}</p>`}
    ${showSubject && html`<p><strong>Subject:</strong> ${subject}</p>`}
    ${firstMessage && html`<p>${name} wrote:</p>${quoted(firstMessage.text)}`}
    ${hint && html`<p>${hint}</p>`}
    ${button(link, 'Open the conversation')}`;

  return onBehalfOf(name, 'New enquiry', {
    kind: 'new-conversation',
    to,
    subject: threadSubject(head.subject, name),
    text,
    body,
    replyTo,
  });
};
