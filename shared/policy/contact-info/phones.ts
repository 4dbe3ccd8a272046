import libphonenumber from 'google-libphonenumber';

/**
 * Phone numbers in free text. google-libphonenumber (Google's metadata of every country's numbering plan) decides
 * whether digits can be a phone number; the context decides whether they are one, because nearly any run of 8 to
 * 12 digits is a valid number somewhere (Germany's plan alone accepts most). So a run of digits is a phone number
 * when it is written like one: international (`+`, `00`), national with a trunk prefix (`0…`, as in most of
 * Europe, India, Australia), North American or other 10–11-digit mobile formats, spelled out digit by digit, or
 * introduced by a word like "call" or "WhatsApp"; and it is not one when it reads as a date, a price, a quantity,
 * a version or an identifier ("order", "invoice", "#", "IBAN", …).
 */

const util = libphonenumber.PhoneNumberUtil.getInstance();

/** Digit groups joined by up to three separators (space, dot, dash, slash), optionally in parentheses, `+`/`00` first. */
const RUN = /(?<![\p{L}\p{N}_#@&=/.\-+])(?:\+ ?|00)?\(?\d+\)?(?:[ \t.\-/]{0,3}\(?\d+\)?)*(?![\p{L}\p{N}_@])/gu;

/** Regions tried for numbers written without a country code, most common first. */
const TRUNK_REGIONS = ['DE', 'GB', 'FR', 'IT', 'ES', 'NL', 'AT', 'CH', 'BE', 'PL', 'SE', 'AU', 'IN', 'IE', 'PT', 'TR'];
const TEN_DIGIT_REGIONS = ['US', 'CA', 'IN', 'BR', 'CN', 'MX'];

const PHONE_WORDS =
  /(?:^|[^\p{L}])(?:call(?:ing)?|tel(?:ephone|efon)?|phone|ph|mob(?:ile)?|cell(?:phone)?|handy|whats ?app|wa|signal|telegram|viber|sms|text(?: me)?|ring|dial|reach(?: me)?|contact|number|nummer|num[eé]ro|n[uú]mero|anrufen|ruf|appel(?:le|er)?|ll[aá]ma(?:me|r)?|ligue|chiama(?:mi)?|fon)\b[^\p{L}\p{N}]*(?:(?:me|us|at|on|is|to|under|unter|au|al|a|my|mine|the|no|nr|number|nummer|#|mich|an)\b[^\p{L}\p{N}]*){0,3}$/iu;
const ID_WORDS =
  /(?:^|[^\p{L}])(?:orders?|bestell(?:ung|nummer|nr)?|commande|pedido|ordine|invoice|rechnung|factura|facture|tracking|track|sendung|shipment|parcel|paket|ref(?:erence|erenz)?|sku|item|part|art(?:icle|ikel)?|id|iban|bic|account|konto|acct|zip|post ?code|plz|postal|serial|model(?:l)?|isbn|ean|upc|asin|ticket|case|transaction|txn|payment|receipt|coupon|code|pin|otp|lot|batch|vat|ust|tax)\b[^\p{L}\p{N}]*(?:(?:is|was|number|nummer|no|nr|id|code|#)\b[^\p{L}\p{N}]*){0,2}$/iu;
const CURRENCY_BEFORE = /(?:[$€£¥₹]|\b(?:eur|usd|gbp|chf|inr|rs|r\$|sek|pln))\s*$/iu;
const AFTER_WORDS =
  /^\s*(?:[$€£¥₹%°]|(?:eur(?:os?)?|usd|gbp|chf|inr|dollars?|pounds?|yen|rupees?|rs|km|kg|mg|g|lbs?|oz|m|cm|mm|mi|miles|ml|l|pcs|pieces|units|items|st(?:ü|ue)ck|stk|x|times|mah|mb|gb|tb|kb|px|dpi|w|kw|v|hz|rpm|views|likes|followers|people|users|orders|sold|left|in stock)\b)/iu;
/** A date, maybe followed by more digits (a time, another date): 01.05.2024, 2024-05-01, 5/1/24 10… */
const DATE = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2})(?:[ T./-]|$)/;

export interface Span {
  start: number;
  end: number;
}

const valid = (digits: string, region: string) => {
  try {
    return util.isValidNumberForRegion(util.parse(digits, region), region);
  } catch {
    return false;
  }
};

const international = (digits: string) => {
  try {
    const number = util.parse(`+${digits}`, 'ZZ');
    return util.isValidNumber(number) || (digits.length >= 8 && util.isPossibleNumber(number));
  } catch {
    return false;
  }
};

/** Single digits spaced out ("0 1 5 1 …", "5-5-5-…"): nobody writes anything else like that. */
const spelledOut = (raw: string) => {
  const groups = raw.split(/[^\d]+/).filter(Boolean);
  return groups.length >= 6 && groups.filter((g) => g.length === 1).length >= groups.length - 1;
};

const isPhone = (raw: string, before: string, after: string): boolean => {
  const digits = raw.replace(/\D/g, '');
  const plus = raw.startsWith('+') || raw.startsWith('00');
  if (plus) {
    const number = raw.startsWith('00') ? digits.slice(2) : digits;
    return number.length >= 7 && number.length <= 15 && international(number);
  }
  if (digits.length < 7 || digits.length > 13) return false;
  if (DATE.test(raw) || CURRENCY_BEFORE.test(before) || AFTER_WORDS.test(after) || /#\s*$/.test(before)) return false;
  // A version or an IP address: dotted groups of one digit.
  if (raw.includes('.') && raw.split('.').some((g) => g.replace(/\D/g, '').length === 1) && !spelledOut(raw))
    return false;
  const near = before.slice(-40);
  const phoneWord = PHONE_WORDS.exec(near);
  const idWord = ID_WORDS.exec(near);
  // Both read backwards from the digits; the one reaching further back wins ("order number …" is an order).
  if (idWord && (!phoneWord || idWord.index <= phoneWord.index)) return false;
  if (phoneWord) return true;
  if (spelledOut(raw)) return true;
  if (digits.startsWith('0')) return digits.length >= 9 && TRUNK_REGIONS.some((r) => valid(digits, r));
  if (digits.length === 10 || digits.length === 11) return TEN_DIGIT_REGIONS.some((r) => valid(digits, r));
  return false;
};

/** The phone numbers in `text` (already folded: ASCII digits, plain spaces and dashes). */
export const phoneSpans = (text: string): Span[] => {
  const spans: Span[] = [];
  for (const match of text.matchAll(RUN)) {
    const raw = match[0].replace(/[ \t.\-/(]+$/, '');
    const start = match.index;
    if (isPhone(raw, text.slice(0, start), text.slice(start + raw.length))) {
      spans.push({ start, end: start + raw.length });
    }
  }
  return spans;
};
