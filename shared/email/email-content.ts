import { emailConfig } from './email-config';
import { html, type SafeHtml, safeHref } from './escape-html';
import { oneLine } from './header-safe';
import type { ThreadHeaders } from './threading';

/** One composed email: the recipient, the display name of the sender, and both parts. */
export interface EmailContent {
  kind: 'new-conversation' | 'offline-message';
  to: string;
  fromName: string;
  subject: string;
  text: string;
  html: string;
  /** The recipient's reply address (shared/email/reply-address.ts); else the configured Reply-To applies. */
  replyTo?: string;
  /** Message-ID, In-Reply-To, References (shared/email/threading.ts). */
  thread?: ThreadHeaders;
}

/** The line that tells a recipient they may answer by replying, when their email has a reply address. */
export const replyHint = (replyTo: string | undefined, name: string) =>
  replyTo ? `Reply to this email to answer ${name}; your reply appears in the conversation.` : '';

/** User text for a text/plain part: line breaks kept, other control characters dropped. */
export const plainText = (value: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this drops
  value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');

/** User text for the HTML part: escaped, and its line breaks kept by `white-space: pre-wrap`. */
export const quoted = (value: string): SafeHtml =>
  html`<blockquote style="margin:16px 0;padding:8px 16px;border-left:3px solid #ccc;white-space:pre-wrap">${plainText(value)}</blockquote>`;

export const button = (href: string, label: string): SafeHtml =>
  html`<p style="margin:24px 0"><a href="${safeHref(href)}" style="background:#1a73e8;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${label}</a></p><p style="color:#666;font-size:12px">${href}</p>`;

/** The HTML document around a body; the title is escaped like everything else. */
export const htmlDocument = (title: string, body: SafeHtml): string =>
  html`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:Arial,sans-serif;font-size:15px;color:#222;max-width:600px">${body}</body></html>`
    .value;

/**
 * An email written on a person's behalf: sent as "<name> via <product>", with the HTML title
 * "<headline> from <name>"; the subject is its thread's (shared/email/threading.ts), header-safe: one line, bounded.
 */
export const onBehalfOf = (
  name: string,
  headline: string,
  email: {
    kind: EmailContent['kind'];
    to: string;
    subject: string;
    text: string;
    body: SafeHtml;
    replyTo: string | undefined;
  },
): EmailContent => ({
  kind: email.kind,
  to: email.to,
  fromName: `${name} via ${emailConfig.fromName}`,
  subject: oneLine(email.subject, 200),
  text: email.text,
  html: htmlDocument(`${headline} from ${name}`, email.body),
  ...(email.replyTo && { replyTo: email.replyTo }),
});
