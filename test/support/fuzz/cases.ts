import type { Random } from './prng';

/** Generators and a runner shared by the fuzz suites (core routes, compatibility routes). */

export const WEIRD_STRINGS = [
  '\ud800',
  'a\udfffb',
  '\udc00\ud800',
  '\u0000',
  'nul\u0000inside',
  '\u202eevil',
  'zero\u200bwidth',
  '\ufeff',
  '\uffff',
  'e\u0301'.repeat(50),
  '😀',
  '👩‍👩‍👧‍👦',
  '你好',
  'مرحبا',
  '#',
  'a#b',
  'T#x#CONV#y',
  'LOG#HEAD',
  'MEMBER#U#cust-1',
  '%00',
  '%2F',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile input, not a template
  '${jndi:ldap://x}',
  '{{7*7}}',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  ' padded ',
  '\n',
  '\t\r\n',
  '\\',
  '"',
  '\u0085',
  '\u2028',
  'a'.repeat(128),
  'a'.repeat(129),
  '€'.repeat(128),
  '😀'.repeat(128),
  '😀'.repeat(129),
];

/** Strings that are not well-formed UTF-16: no UTF-8 form, so never a valid id or key part. */
export const LONE_SURROGATES = ['\ud800', 'a\udfffb', '\udc00\ud800', 'lone\udc00', '12\ud83d'];

export const JUNK_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0,
  1e308,
  -1e308,
  [],
  {},
  [1, 'a'],
  { a: 1 },
  [[[[]]]],
  { __proto__: null },
  '',
];

/** What no response may contain, whatever the input: engine errors, stack traces, ARNs. */
export const INTERNALS =
  /ValidationException|ConditionalCheck|TransactionCanceled|arn:aws|at [\w.<>]+ \(|\.ts:\d+|URIError|TypeError|undefined is not/;

export const randomString = (r: Random): string => {
  switch (r.int(0, 3)) {
    case 0:
      return r.pick(WEIRD_STRINGS);
    case 1:
      return r.pick(WEIRD_STRINGS) + r.pick(WEIRD_STRINGS);
    case 2:
      return r.pick(['x', 'é', '😀', ' ', '\u0000', '#']).repeat(r.int(1, 3000));
    default:
      return Array.from({ length: r.int(1, 40) }, () => String.fromCharCode(r.int(0, 0xffff))).join('');
  }
};

/** Any JSON value; objects use the route's own field names now and then, so junk reaches its validation. */
export const randomJson = (r: Random, fieldNames: readonly string[], depth = 0): unknown => {
  const kind = r.int(0, depth > 4 ? 3 : 6);
  if (kind === 0) return r.pick(JUNK_VALUES);
  if (kind === 1) return randomString(r);
  if (kind === 2) return r.pick([0, -1, 1, 2 ** 53, -(2 ** 31), 1.0000001, 1e21, 123456789012345]);
  if (kind === 3) return r.next() < 0.5;
  if (kind === 4) return Array.from({ length: r.int(0, 4) }, () => randomJson(r, fieldNames, depth + 1));
  return Object.fromEntries(
    Array.from({ length: r.int(0, 4) }, () => [
      r.pick([...fieldNames, randomString(r)]),
      randomJson(r, fieldNames, depth + 1),
    ]),
  );
};

/** JSON text with `__proto__` as an own key, as a hostile client would send it. */
export const withProtoKey = (json: string, value: unknown) =>
  json.replace(/^\{/, `{"__proto__":${JSON.stringify(value)},`).replace(/,\}$/, '}');

/** A label safe to print: control and non-ASCII characters as \u escapes. */
const printable = (label: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this escapes
  label.replace(/[\u0000-\u001f\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Runs every case, 8 at a time; `check` answers what is wrong, or undefined. Returns the failures, labelled. */
export const runCases = async <C extends { method: string; label: string }>(
  cases: C[],
  check: (c: C) => Promise<string | undefined>,
) => {
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < cases.length) {
        const fuzzCase = cases[next++]!;
        const problem = await check(fuzzCase);
        if (problem) failures.push(`${fuzzCase.method} ${printable(fuzzCase.label)}\n    → ${problem}`);
      }
    }),
  );
  return failures;
};
