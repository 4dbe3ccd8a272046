import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';

/** The contract's longest message; a longer reply is cut here. */
export const MAX_REPLY_CHARS = 4000;
/**
 * More than any reply we keep, and a bound on the reply parser's work (its patterns are regular expressions run
 * over the whole text): what lies beyond is quoted history or a reply that will be cut anyway.
 */
const MAX_PARSED_CHARS = 64 * 1024;

/**
 * HTML to text for a reply that has no text part. The quoted history in HTML is a container, dropped before
 * conversion: Gmail's `gmail_quote`, Apple Mail's and Thunderbird's `<blockquote type="cite">`, any blockquote.
 * Outlook quotes without a container: its rule (`<hr>`, dropped) is followed by a "From: … <address>" block, where
 * the reply parser cuts. Links keep their text only, images are dropped, headings keep their case.
 */
export const htmlToText = (html: string): string =>
  convert(html.slice(0, MAX_PARSED_CHARS * 4), {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'blockquote', format: 'skip' },
      { selector: '.gmail_quote', format: 'skip' },
      { selector: '.gmail_signature', format: 'skip' },
      { selector: 'hr', format: 'skip' },
      // Outlook's header block of the original: set apart, so the reply parser sees its "From:" line as a quote header.
      { selector: '#divRplyFwdMsg', format: 'block', options: { leadingLineBreaks: 2 } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });

export interface ReplyBody {
  /** The text/plain body, when the mail has one. */
  text?: string | undefined;
  html?: string | undefined;
}

/**
 * The visible reply of an email: its text part (or its HTML turned into text when it has none), without quoted
 * history (`>` lines, "On … wrote:" and its translations, Outlook's "From: …" block), without the signature
 * (after `-- `, and the usual "Sent from my …"), trimmed, well-formed Unicode, cut at 4000 characters (code
 * points, as the message schema counts them). Empty when nothing is left.
 */
export const visibleReply = ({ text, html }: ReplyBody): string => {
  const source = text?.trim() ? text : html ? htmlToText(html) : '';
  const normalized = source
    .slice(0, MAX_PARSED_CHARS)
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .toWellFormed();
  const visible = new EmailReplyParser().read(normalized).getVisibleText().trim();
  const chars = [...visible];
  return chars.length <= MAX_REPLY_CHARS ? visible : chars.slice(0, MAX_REPLY_CHARS).join('').trimEnd();
};
