import { convert } from 'html-to-text';

/** Four times what the reply parser reads (visible-reply.ts): markup takes room; the converter's work stays bounded. */
const MAX_HTML_CHARS = 4 * 64 * 1024;

/**
 * HTML to text for a reply that has no text part. The quoted history in HTML is a container, dropped before
 * conversion: Gmail's `gmail_quote`, Apple Mail's and Thunderbird's `<blockquote type="cite">`, any blockquote.
 * Outlook quotes without a container: its rule (`<hr>`, dropped) is followed by a "From: … <address>" block, where
 * the reply parser cuts. Links keep their text only, images are dropped, headings keep their case.
 */
export const htmlToText = (html: string): string =>
  convert(html.slice(0, MAX_HTML_CHARS), {
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
