import { emailSpans, linkSpans } from './addresses';
import { fold, originalRange } from './fold';
import { phoneSpans, type Span } from './phones';

export const HIDDEN = '[hidden]';

export interface Masked {
  text: string;
  masked: boolean;
}

/**
 * `text` with every e-mail address, phone number and link replaced by `[hidden]`, except addresses and links at
 * `allowDomains` (or their subdomains). Detection reads a folded copy of the text (fold.ts), so disguises such
 * as full-width digits, zero-width spaces or "five five five" are seen through; what is replaced is the original
 * text those characters came from. Pure and deterministic: the same text and domains always give the same result.
 */
export const maskContactInfo = (text: string, allowDomains: readonly string[] = []): Masked => {
  const folded = fold(text);
  const domains = allowDomains.map((d) => d.toLowerCase());
  const spans = [...emailSpans(folded.text, domains), ...linkSpans(folded.text, domains), ...phoneSpans(folded.text)];
  if (spans.length === 0) return { text, masked: false };
  let out = '';
  let at = 0;
  for (const span of merge(spans)) {
    const [start, end] = originalRange(folded, span.start, span.end);
    out += text.slice(at, start) + HIDDEN;
    at = end;
  }
  return { text: out + text.slice(at), masked: true };
};

/** Overlapping or touching spans as one, in order. */
const merge = (spans: Span[]): Span[] => {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
};
