import nodemailer from 'nodemailer';
import { inject } from 'vitest';

export interface Reply {
  from: string;
  to: string;
  text?: string;
  html?: string;
  subject?: string;
  messageId?: string;
  headers?: Record<string, string>;
}

/**
 * Sends a reply the way a mail client's server would: over SMTP, with a real client (nodemailer), to the local
 * stack's receiver. It answers once the inbound handler has run, so the outcome is in the table when this returns.
 */
export const sendReply = async (reply: Reply) => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inject('smtpPort'), secure: false });
  try {
    return await transport.sendMail({ subject: 'Re: your enquiry', ...reply });
  } finally {
    transport.close();
  }
};

/** How a mail client quotes the email it answers, below the reply (Gmail's attribution line and `>` quotes). */
export const gmailQuote = (original: string, who = 'Chat <chat@example.com>') =>
  `On Mon, 30 Nov 2026 at 10:02, ${who} wrote:\n\n${original
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')}\n`;
