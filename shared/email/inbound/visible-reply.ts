import EmailReplyParser from 'email-reply-parser';

/** The contract's longest message; a longer reply is cut here. */
export const MAX_REPLY_CHARS = 4000;
/**
 * More than any reply we keep, and a bound on the reply parser's work (its patterns are regular expressions run
 * over the whole text): what lies beyond is quoted history or a reply that will be cut anyway.
 */
const MAX_PARSED_CHARS = 64 * 1024;

export interface ReplyBody {
  /** The text/plain body, when the mail has one. */
  text?: string | undefined;
  html?: string | undefined;
}

/**
 * The visible reply of an email: its text part (or its HTML turned into text when it has none), without quoted
 * history (`>` lines, "On … wrote:" and its translations, Outlook's "From: …" block), without the signature
 * (after `-- `, and the usual "Sent from my …"), trimmed, well-formed Unicode, cut at 4000 characters (code
 * points, as the message schema counts them). Empty when nothing is left. The HTML converter (html-reply.ts) is
 * loaded by the first reply without a text part: most mail clients send one, and a cold start need not parse it.
 */
export const visibleReply = async ({ text, html }: ReplyBody): Promise<string> => {
  const source = text?.trim() ? text : html ? (await import('./html-reply')).htmlToText(html) : '';
  const normalized = source
    .slice(0, MAX_PARSED_CHARS)
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .toWellFormed();
  const visible = new EmailReplyParser().read(normalized).getVisibleText().trim();
  const chars = [...visible];
  return chars.length <= MAX_REPLY_CHARS ? visible : chars.slice(0, MAX_REPLY_CHARS).join('').trimEnd();
};
