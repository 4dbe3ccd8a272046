import { SendEmailCommand } from '@aws-sdk/client-ses';
import { emailConfig } from './email-config';
import type { EmailContent } from './email-content';
import { isPlainAddress, mailbox, oneLine } from './header-safe';
import { ses } from './ses-client';

/**
 * Hands one email to SES (SendEmail builds the MIME message: text and HTML parts, the Subject encoded from its
 * UTF-8 charset). Every header value is made safe here, whatever the composer produced. Returns SES's MessageId.
 */
export const sendEmail = async (email: EmailContent): Promise<string> => {
  if (!isPlainAddress(email.to)) throw new Error('Refusing to send to a malformed address');
  const replyTo = emailConfig.replyTo;
  const configurationSet = emailConfig.configurationSet;
  const { MessageId } = await ses().send(
    new SendEmailCommand({
      Source: mailbox(email.fromName, emailConfig.from),
      Destination: { ToAddresses: [email.to] },
      ...(replyTo && { ReplyToAddresses: [replyTo] }),
      ...(configurationSet && { ConfigurationSetName: configurationSet }),
      Message: {
        Subject: { Data: oneLine(email.subject, 200), Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
      },
    }),
  );
  return MessageId ?? '';
};
