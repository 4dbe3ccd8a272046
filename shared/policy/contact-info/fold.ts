/**
 * Text as the detectors read it, with a map back to the original: characters people use to slip contact details
 * past a filter are folded to plain ASCII (full-width forms, other scripts' digits, circled and bold digits,
 * exotic spaces and dashes), invisible characters are dropped, and spelled-out English digits ("five") become
 * digits. Folded character i stands for the original range [start[i], end[i]).
 */
export interface Folded {
  text: string;
  start: number[];
  end: number[];
}

const DIGIT_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

/** Zero-width and formatting characters, variation selectors and the keycap mark (as in 5 + U+20E3): dropped. */
const INVISIBLE = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0xfe0e, 0xfe0f, 0x20e3]);
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/u;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/u;
/** Zero of each run of ten digits folded to 0-9 (Arabic-Indic, extended, Devanagari, Bengali, mathematical). */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6];

const foldChar = (char: string): string => {
  const code = char.codePointAt(0)!;
  if (INVISIBLE.has(code)) return '';
  if (SPACES.test(char)) return ' ';
  if (DASHES.test(char)) return '-';
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0); // full-width ASCII
  if (code === 0x3002 || code === 0xff61) return '.'; // ideographic full stops
  if (code === 0xfe6b) return '@'; // small commercial at
  if (code >= 0x2460 && code <= 0x2468) return String(code - 0x245f); // ①..⑨
  if (code === 0x24ea || code === 0x24ff) return '0'; // ⓪ ⓿
  if (code >= 0x2776 && code <= 0x277e) return String(code - 0x2775); // ❶..❾
  for (const zero of DIGIT_ZEROS) if (code >= zero && code < zero + 10) return String(code - zero);
  return char;
};

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

export const fold = (original: string): Folded => {
  const out: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  // One entry per UTF-16 unit, as the detectors' match indexes count them.
  const push = (s: string, from: number, to: number) => {
    for (let k = 0; k < s.length; k++) {
      out.push(s[k]!);
      start.push(from);
      end.push(to);
    }
  };
  const word = /[A-Za-z]+/y;
  let i = 0;
  while (i < original.length) {
    word.lastIndex = i;
    const found = word.exec(original);
    if (found) {
      const text = found[0];
      const digit = DIGIT_WORDS[text.toLowerCase()];
      if (digit) push(digit, i, i + text.length);
      else for (let k = 0; k < text.length; k++) push(text[k]!, i + k, i + k + 1);
      i += text.length;
      continue;
    }
    const char = String.fromCodePoint(original.codePointAt(i)!);
    push(foldChar(char), i, i + char.length);
    i += char.length;
  }
  // A letter O between digits (or leading a run of them) is a zero in disguise: "O151 2345 678".
  for (let k = 0; k < out.length; k++) {
    if (
      (out[k] === 'O' || out[k] === 'o') &&
      isDigit(out[k + 1]) &&
      (isDigit(out[k - 1]) || !/\w/.test(out[k - 1] ?? ''))
    )
      out[k] = '0';
  }
  return { text: out.join(''), start, end };
};

/** The original range of the folded range [from, to). */
export const originalRange = (folded: Folded, from: number, to: number): [number, number] => [
  folded.start[from]!,
  folded.end[to - 1]!,
];
