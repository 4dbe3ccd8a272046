import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import { emailConfig } from './email-config';
import type { EmailContent } from './email-content';
import { displayName, isPlainAddress, oneLine } from './header-safe';
import { ses } from './ses-client';

/** RFC 3834: an automatic message, so well-behaved auto-responders (vacation replies) stay silent. */
const AUTOMATIC = {
  'Auto-Submitted': 'auto-generated',
  // Exchange and Outlook: no out-of-office or other automatic replies to this message.
  'X-Auto-Response-Suppress': 'All',
};

/** A msg-id as threading.ts makes them: `<…@…>` of plain characters, nothing that could end a header. */
const isMessageId = (value: string | undefined) => value === undefined || /^<[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(value);

/**
 * The MIME message of one email (nodemailer's MailComposer): text and HTML parts, the From display name, the
 * Subject and the Reply-To made header-safe here whatever the composer produced (nodemailer then encodes
 * non-ASCII as RFC 2047 words), the thread headers (Message-ID, In-Reply-To, References) and Auto-Submitted.
 */
export const buildRawEmail = async (email: EmailContent): Promise<Buffer> => {
  if (!isPlainAddress(email.to)) throw new Error('Refusing to send to a malformed address');
  const replyTo = email.replyTo ?? emailConfig.replyTo;
  if (replyTo && !isPlainAddress(replyTo)) throw new Error('Refusing a malformed Reply-To');
  const { thread } = email;
  if (![thread?.messageId, thread?.inReplyTo, thread?.references].every(isMessageId))
    throw new Error('Refusing a malformed thread header');
  const name = displayName(email.fromName);
  const composer = new MailComposer({
    from: name ? { name, address: emailConfig.from } : emailConfig.from,
    to: email.to,
    ...(replyTo && { replyTo }),
    subject: oneLine(email.subject, 200),
    text: email.text,
    html: email.html,
    ...(thread?.messageId && { messageId: thread.messageId }),
    ...(thread?.inReplyTo && { inReplyTo: thread.inReplyTo }),
    ...(thread?.references && { references: thread.references }),
    headers: AUTOMATIC,
  });
  return composer.compile().build();
};

/**
 * Hands one email to SES as a raw message (SendRawEmail: SendEmail cannot set the thread headers or
 * Auto-Submitted). Returns SES's MessageId.
 */
export const sendEmail = async (email: EmailContent): Promise<string> => {
  const raw = await buildRawEmail(email);
  const configurationSet = emailConfig.configurationSet;
  const { MessageId } = await ses().send(
    new SendRawEmailCommand({
      Destinations: [email.to],
      RawMessage: { Data: raw },
      ...(configurationSet && { ConfigurationSetName: configurationSet }),
    }),
  );
  return MessageId ?? '';
};
