/**
 * Header safety: user text (names, subjects) can reach the Subject and the From display name, so it is
 * flattened to one line first (no CR/LF or other control or format characters survive) and capped; a display
 * name is then either a quoted string of plain ASCII or an RFC 2047 encoded-word, which SES requires for
 * non-ASCII "friendly from" names. Addresses never come from free text: they must pass `isPlainAddress`.
 */
// Controls, line/paragraph separators, zero-width and bidi-override characters (names must not reorder a header).
const UNSAFE = /[\p{Cc}\p{Zl}\p{Zp}\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+/gu;

/** One line of text: control/format characters and line separators become spaces, runs of space collapse. */
export const oneLine = (value: string, maxChars: number): string => {
  const flat = value.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= maxChars
    ? flat
    : `${chars
        .slice(0, maxChars - 1)
        .join('')
        .trimEnd()}…`;
};

/**
 * Anything that reads as an address: `<…>`, `mailto:`, or text around an `@`. A person's name is shown in a From
 * display name, and "Support <help@shop.test>" there would make our email look as if it came from that address.
 */
const ADDRESS_LIKE = /<[^>]*>?|(?:mailto:)?[^\s<>"]*@[^\s<>"]*/giu;

/** A person's name as the emails show it (From, subject, body): one line, no address-like text, `fallback` if empty. */
export const personName = (value: string | undefined, fallback: string, maxChars = 100): string =>
  oneLine(oneLine(value ?? '', 1000).replace(ADDRESS_LIKE, ' '), maxChars) || fallback;

/** A 7-bit address with nothing a header parser could split on (no spaces, quotes, brackets, commas, CR/LF). */
export const isPlainAddress = (value: string): boolean =>
  value.length <= 254 && /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value);

const QUOTABLE = /^[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~.,:;@()[\]]*$/;
const MAX_ENCODED_WORD = 75;

/** RFC 2047 "B" encoded-words (UTF-8), split on character boundaries so each word stays within 75 characters. */
export const encodeWords = (value: string): string => {
  const words: string[] = [];
  let chunk = '';
  const word = (s: string) => `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
  for (const char of value) {
    if (chunk && word(chunk + char).length > MAX_ENCODED_WORD) {
      words.push(word(chunk));
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(word(chunk));
  return words.join(' ');
};

/** A display name for a From header: flattened to one line, stripped of address-like text, at most 78 characters. */
export const displayName = (value: string): string => oneLine(oneLine(value, 1000).replace(ADDRESS_LIKE, ' '), 78);

/** `"Display Name" <address>`, with the name flattened, stripped of address-like text and quoted, or encoded when it is not plain ASCII. */
export const mailbox = (name: string, address: string): string => {
  if (!isPlainAddress(address)) throw new Error('Refusing to put a malformed address in a header');
  name = displayName(name);
  if (!name) return address;
  const phrase = QUOTABLE.test(name) ? `"${name}"` : encodeWords(name);
  return `${phrase} <${address}>`;
};
