import type { Span } from './phones';

/**
 * E-mail addresses and links in free text, written plainly or disguised: `name (at) shop [dot] com`,
 * `name at shop dot com`, `name @ shop . com`, `shop(.)com`, `www.shop.com`, `https://…`, `t.me/name`.
 * Spelled-out separators ("at", "dot", a dot between spaces) count only before a top-level domain people
 * actually use, so "meet at the café. Com…" stays text.
 */

/** Top-level domains recognised without a scheme or `www.` (and behind spelled-out separators). */
const TLDS = new Set(
  (
    'com net org info biz io co app shop store online site xyz link ly gl tv cc ws page dev ai club live email ' +
    'uk de fr es nl ch pl ru cn jp br au ca eu se dk fi pt cz ie nz mx ar za tr gr hu ro sk ua kr tw hk sg vn th ' +
    'il ae sa lt lv ee si hr bg rs ma ng ke pk bd lk ph'
  ).split(' '),
);
/** Country domains that are also everyday words: a bare `word.it` needs a path or a known host to be a link. */
const WORD_TLDS = new Set('it in is to at be no me us my id so do am me'.split(' '));
/** Hosts that are contact channels in themselves (messengers, link shorteners). */
const CONTACT_HOSTS = new Set(
  't.me wa.me m.me telegram.me bit.ly tinyurl.com goo.gl ow.ly is.gd linktr.ee wa.link chat.whatsapp.com'.split(' '),
);

const AT = String.raw`(?:\s*(?:@|[([{<]\s*(?:at|@)\s*[)\]}>])\s*|\s+at\s+)`;
/** A dot, bracketed or spelled out; DOT also takes a dot with spaces around it (only inside an address's domain). */
const TIGHT_DOT = String.raw`(?:\s*[([{<]\s*(?:dot|punkt|point|\.)\s*[)\]}>]\s*|\s+(?:dot|punkt|point)\s+|\.)`;
const DOT = String.raw`(?:${TIGHT_DOT}|\s+\.\s*|\s*\.\s+)`;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])((?:mailto:)?[a-z0-9][a-z0-9_%+-]*(?:${TIGHT_DOT}[a-z0-9_%+-]+)*)(${AT})((?:${LABEL}${DOT})+)([a-z]{2,24})(?![\p{L}\p{N}])`,
  'giu',
);
const URL = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'`]+/giu;
const BARE = new RegExp(
  String.raw`(?<![\p{L}\p{N}@._%+-])((?:${LABEL}${TIGHT_DOT})+)([a-z]{2,24})(?![\p{L}\p{N}@])((?:[/?#][^\s<>"'\x60]*)?)`,
  'giu',
);

/** Spelled-out or spaced separators: the TLD must then be a known one. */
const spelled = (separators: string) => /[a-z([{<\s]/i.test(separators.replace(/[.@]/g, ''));
const plainHost = (labels: string, tld: string) =>
  `${labels.replace(new RegExp(DOT, 'giu'), '.')}${tld}`.toLowerCase().replace(/^www\./, '');

const allowedHost = (host: string, allowDomains: readonly string[]) =>
  allowDomains.some((domain) => host === domain || host.endsWith(`.${domain}`));

const trimUrl = (url: string) => url.replace(/[.,;:!?'")\]}>]+$/u, '');

const hostOfUrl = (url: string) =>
  url
    .replace(/^(?:(?:https?|ftp):\/\/)/i, '')
    .split(/[/?#:]/)[0]!
    .toLowerCase()
    .replace(/^www\./, '');

/**
 * Every match of `pattern` that `accept` takes. A match it refuses is retried from its next character, so a
 * refused candidate never hides an address that starts inside it ("me at anna dot shop at gmail dot com").
 */
const matches = (pattern: RegExp, text: string, accept: (m: RegExpExecArray) => Span | undefined): Span[] => {
  const spans: Span[] = [];
  const regex = new RegExp(pattern.source, pattern.flags);
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    const span = accept(m);
    if (span) {
      spans.push(span);
      regex.lastIndex = Math.max(span.end, m.index + 1);
    } else regex.lastIndex = m.index + 1;
  }
  return spans;
};

export const emailSpans = (text: string, allowDomains: readonly string[]): Span[] =>
  matches(EMAIL, text, (m) => {
    const [whole, local, at, labels, tld] = m as unknown as [string, string, string, string, string];
    const separators = at + labels.replace(/[a-z0-9-]+/gi, '') + local.replace(/[a-z0-9_%+-]+/gi, '');
    if (spelled(separators) && !TLDS.has(tld.toLowerCase())) return undefined;
    if (!/@/.test(at) && !TLDS.has(tld.toLowerCase())) return undefined;
    if (allowedHost(plainHost(labels, tld), allowDomains)) return undefined;
    return { start: m.index, end: m.index + whole.length };
  });

export const linkSpans = (text: string, allowDomains: readonly string[]): Span[] => [
  ...matches(URL, text, (m) => {
    const url = trimUrl(m[0]);
    return allowedHost(hostOfUrl(url), allowDomains) ? undefined : { start: m.index, end: m.index + url.length };
  }),
  ...matches(BARE, text, (m) => {
    const [whole, labels, tldRaw, path] = m as unknown as [string, string, string, string];
    const tld = tldRaw.toLowerCase();
    const host = plainHost(labels, tldRaw);
    const known = CONTACT_HOSTS.has(host);
    if (!known && !TLDS.has(tld) && !WORD_TLDS.has(tld)) return undefined;
    if (!known && WORD_TLDS.has(tld) && !TLDS.has(tld) && path.length <= 1) return undefined;
    if (!known && spelled(labels.replace(/[a-z0-9-]+/gi, '')) && !TLDS.has(tld)) return undefined;
    // "e.g.", "Mr.Smith", "a.m.": a host needs a label of two characters or more before the TLD.
    if (!known && !/[a-z0-9-]{2,}\.[a-z]+$/i.test(host)) return undefined;
    if (allowedHost(host, allowDomains)) return undefined;
    const link = path ? trimUrl(whole) : whole;
    return { start: m.index, end: m.index + link.length };
  }),
];
