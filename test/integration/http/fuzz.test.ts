import { describe, expect, it } from 'vitest';
import {
  INTERNALS,
  JUNK_VALUES,
  LONE_SURROGATES,
  randomJson,
  randomString,
  runCases,
  withProtoKey,
} from '#test/support/fuzz/cases';
import { type Random, seededRandom } from '#test/support/fuzz/prng';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';

/**
 * Hundreds of generated malformed bodies, queries and paths against every core route: never a 5xx, every error
 * is RFC 9457 problem+json, and a 422 names the bad fields. Reproducible: FUZZ_SEED=<seed printed on failure>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);

interface Case {
  label: string;
  method: string;
  path: string;
  token: string;
  rawBody?: string;
  expect: (status: number, body: any) => string | undefined;
}
interface Outcome {
  status: number;
  contentType: string;
  text: string;
}

const send = async (c: Case): Promise<Outcome> => {
  const res = await call<string>(c.method, c.path, {
    token: c.token,
    rawBody: c.rawBody,
    parse: false,
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: res.body };
};

/** What holds for every response, whatever the input. */
const universal = (o: Outcome): string | undefined => {
  if (o.status >= 500) return `status ${o.status}: ${o.text.slice(0, 300)}`;
  let body: any;
  try {
    body = JSON.parse(o.text);
  } catch {
    return `status ${o.status}, not JSON: ${o.text.slice(0, 100)}`;
  }
  if (o.status < 400) return o.contentType.startsWith('application/json') ? undefined : `content-type ${o.contentType}`;
  if (!o.contentType.startsWith('application/problem+json')) return `content-type ${o.contentType}`;
  for (const field of ['type', 'title', 'detail'])
    if (typeof body[field] !== 'string') return `problem without ${field}`;
  if (body.status !== o.status) return `problem status ${body.status} ≠ ${o.status}`;
  if (INTERNALS.test(o.text)) return `internals leaked: ${o.text.slice(0, 200)}`;
  if (o.status === 422) {
    const errors = body.errors;
    if (typeof errors !== 'object' || errors === null || Object.keys(errors).length === 0) return '422 without errors';
    for (const [field, messages] of Object.entries(errors)) {
      if (
        !Array.isArray(messages) ||
        messages.length === 0 ||
        !messages.every((m) => typeof m === 'string' && m.length > 0)
      )
        return `errors.${field} is not a list of messages`;
    }
  }
  return undefined;
};

/** Per field kind: values that must fail validation for that field. */
const invalidFor: Record<string, (r: Random) => unknown> = {
  id: (r) =>
    r.pick([
      ...JUNK_VALUES.filter((v) => typeof v !== 'string'),
      '',
      'x'.repeat(129),
      '😀'.repeat(129),
      '\ud800',
      'lone\udc00',
    ]),
  cmid: (r) =>
    r.pick([
      ...JUNK_VALUES.filter((v) => typeof v !== 'string'),
      '',
      'has space',
      'x'.repeat(65),
      'é',
      'a#b',
      'a/b',
      '\u0000',
    ]),
  text200: (r) => r.pick([...JUNK_VALUES.filter((v) => typeof v !== 'string'), '', '   ', 'x'.repeat(201), '\ud800']),
  text300: (r) =>
    r.pick([...JUNK_VALUES.filter((v) => typeof v !== 'string'), '', '\n\t', 'x'.repeat(301), 'a\udfffb']),
  text64: (r) => r.pick([...JUNK_VALUES.filter((v) => typeof v !== 'string'), '', ' ', 'x'.repeat(65), '\udc00']),
  message: (r) =>
    r.pick([...JUNK_VALUES.filter((v) => typeof v !== 'string'), '', ' \n ', 'x'.repeat(4001), '😀'.repeat(4001)]),
  email: (r) =>
    r.pick([
      ...JUNK_VALUES.filter((v) => typeof v !== 'string'),
      'nope',
      '@',
      'a@',
      'a@b@c',
      `${'x'.repeat(250)}@example.test`,
      'a b@c.d',
    ]),
  url: (r) =>
    r.pick([
      ...JUNK_VALUES.filter((v) => typeof v !== 'string'),
      'javascript:alert(1)',
      'ftp://example.test/x',
      'not a url',
      `https://example.test/${'x'.repeat(2050)}`,
      'data:text/html,hi',
    ]),
  bool: (r) => r.pick([null, 'true', 'false', 1, 0, [], {}, '']),
  seq: (r) => r.pick([null, -1, 1.5, '1', 1e15, true, [], {}, -0.5, 2 ** 53]),
  // Topic type and id make the conversation's id: a lone surrogate in either is refused like any bad value.
  topic: (r) =>
    r.pick([
      null,
      'order',
      5,
      [],
      true,
      { type: 'order' },
      { id: 'x' },
      { type: '\ud800', id: 'x' },
      { type: 'order', id: 'o\udc00' },
    ]),
};

const CORE_FIELDS = ['text', 'seq', 'archived', 'productId', 'a', '__proto__', 'constructor'];

interface BodyRoute {
  method: string;
  path: string;
  token: string;
  base: Record<string, unknown>;
  fields: Record<string, keyof typeof invalidFor>;
  strings: string[];
}

describe(`fuzz (seed ${SEED})`, () => {
  it('malformed bodies, queries and paths never yield a 5xx; errors are problem+json; 422 names the bad fields', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'fuzz target' });
    const r = seededRandom(SEED);
    const c = `/v1/conversations/${conv.id}`;
    const bodyRoutes: BodyRoute[] = [
      {
        method: 'PUT',
        path: '/v1/catalog/sellers/fuzz-seller',
        token: w.service,
        base: { shopName: 'Fuzz', email: 'f@example.test', logoUrl: 'https://example.test/l.png' },
        fields: { shopName: 'text200', email: 'email', logoUrl: 'url' },
        strings: ['shopName'],
      },
      {
        method: 'PUT',
        path: '/v1/catalog/products/fuzz-product',
        token: w.service,
        base: {
          name: 'Fuzz',
          sellerId: w.seller.id,
          imageUrl: 'https://example.test/i.png',
          url: 'https://example.test/p',
          price: '1',
        },
        fields: { name: 'text300', sellerId: 'id', imageUrl: 'url', url: 'url', price: 'text64' },
        strings: ['name', 'sellerId', 'price'],
      },
      {
        method: 'POST',
        path: '/v1/conversations',
        token: w.customer.token,
        base: { productId: w.productId, message: 'hi', subject: 'S', clientMessageId: 'fz-1' },
        fields: { productId: 'id', message: 'message', subject: 'text300', clientMessageId: 'cmid' },
        strings: ['productId', 'message', 'subject'],
      },
      {
        method: 'POST',
        path: '/v1/conversations',
        token: w.customer.token,
        base: { participantId: w.seller.id, topic: { type: 'order', id: 'o-1' }, message: 'hi', subject: 'S' },
        fields: { participantId: 'id', topic: 'topic', message: 'message', subject: 'text300' },
        strings: ['participantId', 'message', 'subject'],
      },
      {
        method: 'PATCH',
        path: c,
        token: w.customer.token,
        base: { archived: false },
        fields: { archived: 'bool' },
        strings: [],
      },
      {
        method: 'POST',
        path: `${c}/read`,
        token: w.seller.token,
        base: { seq: 1 },
        fields: { seq: 'seq' },
        strings: [],
      },
      {
        method: 'POST',
        path: `${c}/messages`,
        token: w.customer.token,
        base: { text: 'hi', clientMessageId: 'fz-2' },
        fields: { text: 'message', clientMessageId: 'cmid' },
        strings: ['text'],
      },
    ];
    const cases: Case[] = [];
    const anyOutcome = () => undefined;

    // 0. Every string that becomes part of a key or of a conversation's identity, with every lone surrogate: 422 naming it.
    const direct = bodyRoutes[3]!;
    const keyParts: Array<[BodyRoute, string, (bad: string) => Record<string, unknown>]> = [
      [bodyRoutes[1]!, 'sellerId', (bad) => ({ sellerId: bad })],
      [bodyRoutes[2]!, 'productId', (bad) => ({ productId: bad })],
      [direct, 'participantId', (bad) => ({ participantId: bad })],
      [direct, 'topic.type', (bad) => ({ topic: { type: bad, id: 'o-1' } })],
      [direct, 'topic.id', (bad) => ({ topic: { type: 'order', id: bad } })],
    ];
    for (const [route, field, patch] of keyParts) {
      for (const bad of LONE_SURROGATES) {
        const body = { ...route.base, ...patch(bad) };
        cases.push({
          label: `lone surrogate in ${field} ${JSON.stringify(body).slice(0, 160)}`,
          method: route.method,
          path: route.path,
          token: route.token,
          rawBody: JSON.stringify(body),
          expect: (status, res) =>
            status === 422 && Object.keys(res?.errors ?? {}).join() === field
              ? undefined
              : `expected 422 naming ${field}, got ${status} ${JSON.stringify(res?.errors)}`,
        });
      }
    }
    // 1. Valid bodies with 1..3 fields replaced by invalid values: 422 naming exactly those fields.
    for (let i = 0; i < 220; i++) {
      const route = r.pick(bodyRoutes);
      const bad = r.shuffle(Object.keys(route.fields)).slice(0, r.int(1, 3));
      const body = { ...route.base, ...Object.fromEntries(bad.map((f) => [f, invalidFor[route.fields[f]!]!(r)])) };
      cases.push({
        label: `invalid ${bad.join(',')} ${JSON.stringify(body).slice(0, 200)}`,
        method: route.method,
        path: route.path,
        token: route.token,
        rawBody: JSON.stringify(body),
        expect: (status, res) => {
          // A nested field is named by its path (topic.id).
          const named = [...new Set(Object.keys(res?.errors ?? {}).map((f) => f.split('.')[0]))].sort().join(',');
          return status === 422 && named === [...bad].sort().join(',')
            ? undefined
            : `expected 422 naming ${[...bad].sort()}, got ${status} naming ${named}`;
        },
      });
    }
    // 2. Well-typed but hostile strings (lone surrogates, NULs, key separators, huge): whatever the answer, no 5xx.
    for (let i = 0; i < 160; i++) {
      const route = r.pick(bodyRoutes.filter((b) => b.strings.length > 0));
      const body = {
        ...route.base,
        ...Object.fromEntries(
          r
            .subset(route.strings)
            .concat(r.pick(route.strings))
            .map((f) => [f, randomString(r)]),
        ),
      };
      cases.push({
        label: `hostile ${JSON.stringify(body).slice(0, 200)}`,
        method: route.method,
        path: route.path,
        token: route.token,
        rawBody: JSON.stringify(body),
        expect: anyOutcome,
      });
    }
    // 3. Structural junk: any JSON value, prototype keys, deep nesting, broken JSON.
    for (let i = 0; i < 120; i++) {
      const route = r.pick(bodyRoutes);
      const kind = r.int(0, 4);
      const rawBody =
        kind === 0
          ? JSON.stringify(randomJson(r, CORE_FIELDS))
          : kind === 1
            ? withProtoKey(JSON.stringify({ ...route.base }), randomJson(r, CORE_FIELDS))
            : kind === 2
              ? '['.repeat(r.int(100, 5000)) + ']'.repeat(r.int(0, 5000))
              : kind === 3
                ? `{"a":${'{"a":'.repeat(r.int(10, 2000))}1${'}'.repeat(r.int(0, 2001))}`
                : JSON.stringify(route.base).slice(0, r.int(0, JSON.stringify(route.base).length - 1)) +
                  r.pick(['', '\u0000', 'garbage', ',,', '\ud800']);
      cases.push({
        label: `junk ${rawBody.slice(0, 120)}`,
        method: route.method,
        path: route.path,
        token: route.token,
        rawBody,
        expect: (status) => ([400, 409, 422].includes(status) || status < 300 ? undefined : `status ${status}`),
      });
    }
    // 4. Queries.
    const QUERY_VALUES = [
      '',
      '-1',
      '0',
      '1',
      '7',
      '100',
      '101',
      'abc',
      '1e9',
      '1e2',
      '1.5',
      ' 5',
      '0x10',
      'NaN',
      'Infinity',
      '-0',
      '١٢',
      'true',
      'false',
      'TRUE',
      '[]',
      '%00',
      '%ZZ',
      '😀',
      'x'.repeat(5000),
      '999999999999',
      '1000000000000',
      '9'.repeat(400),
    ];
    const queryRoutes = [
      { path: '/v1/conversations', token: w.customer.token, params: ['limit', 'cursor', 'archived'] },
      { path: `${c}/messages`, token: w.customer.token, params: ['limit', 'before', 'after'] },
    ];
    for (let i = 0; i < 150; i++) {
      const route = r.pick(queryRoutes);
      const pairs = Array.from({ length: r.int(1, 4) }, () => {
        const name = r.next() < 0.9 ? r.pick(route.params) : r.pick(['unknown', '__proto__', 'constructor', 'limit[]']);
        // Cursors up to 6000 characters: longer URLs are refused by the HTTP server itself (431), before any route.
        const value =
          name === 'cursor' && r.next() < 0.5
            ? Buffer.from(JSON.stringify(randomJson(r, CORE_FIELDS)))
                .toString('base64url')
                .slice(0, 6000)
            : r.pick(QUERY_VALUES);
        return `${encodeURIComponent(name)}=${value.startsWith('%') ? value : encodeURIComponent(value)}`;
      });
      cases.push({
        label: `query ${route.path}?${pairs.join('&').slice(0, 150)}`,
        method: 'GET',
        path: `${route.path}?${pairs.join('&')}`,
        token: route.token,
        expect: (status, res) => {
          if (status === 200) return undefined;
          if (status !== 422) return `status ${status}`;
          const unknown = Object.keys(res.errors).filter((f) => !route.params.includes(f));
          return unknown.length ? `422 names ${unknown}` : undefined;
        },
      });
    }
    // 5. Paths: ids that cannot be conversation ids, encoded separators, NULs, very long.
    const PATH_IDS = [
      '%00',
      'a%2Fb',
      '%2F',
      '..%2F..%2Funread',
      '%2e%2e',
      'x'.repeat(65),
      'x'.repeat(3000),
      `${conv.id}x`,
      `${conv.id}%00`,
      `${conv.id}%23`,
      'a%23b',
      'T%23x%23CONV%23y',
      '%F0%9F%98%80',
      '%E0%A4%A',
      '%ED%A0%80',
      '%C0%AF',
      '%25',
      '%20',
      '%0A',
      '+',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      conv.id.toLowerCase() === conv.id ? `${conv.id}A` : conv.id.toLowerCase(),
    ];
    const pathRoutes: Array<[string, (id: string) => string, string | undefined]> = [
      ['GET', (id) => `/v1/conversations/${id}`, undefined],
      ['PATCH', (id) => `/v1/conversations/${id}`, '{"archived":true}'],
      ['POST', (id) => `/v1/conversations/${id}/read`, '{}'],
      ['POST', (id) => `/v1/conversations/${id}/messages`, '{"text":"hi"}'],
      ['GET', (id) => `/v1/conversations/${id}/messages?after=0`, undefined],
    ];
    for (const [method, path, rawBody] of pathRoutes) {
      for (const id of PATH_IDS) {
        cases.push({
          label: `path ${method} ${path(id).slice(0, 120)}`,
          method,
          path: path(id),
          token: w.customer.token,
          ...(rawBody && { rawBody }),
          expect: (status) => (status === 404 ? undefined : `status ${status}`),
        });
      }
    }
    for (const id of [...PATH_IDS, 'x'.repeat(128), '€'.repeat(128), '%F0%9F%98%80'.repeat(128)]) {
      cases.push({
        label: `catalog path ${id.slice(0, 60)}`,
        method: 'PUT',
        path: `/v1/catalog/sellers/${id}`,
        token: w.service,
        rawBody: '{"shopName":"S","email":"s@example.test"}',
        expect: anyOutcome,
      });
      cases.push({
        label: `catalog path ${id.slice(0, 60)}`,
        method: 'PUT',
        path: `/v1/catalog/products/${id}`,
        token: w.service,
        rawBody: `{"name":"P","sellerId":"${w.seller.id}"}`,
        expect: anyOutcome,
      });
    }
    for (const path of [
      '/v1/conversations/',
      '/v1/conversations//messages',
      // (`${c}/messages/<id>` is a route since redaction: DELETE by moderators)
      `${c}/messages/1/x`,
      `${c}/read/x`,
      '/v1/unread/x',
      '/v1//conversations',
      '/v1/catalog/sellers/',
      '/v1/catalog/sellers/a/b',
    ]) {
      cases.push({
        label: `unknown path ${path}`,
        method: r.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
        path,
        token: w.customer.token,
        expect: (status) => (status === 404 ? undefined : `status ${status}`),
      });
    }

    expect(cases.length).toBeGreaterThan(600);
    const failures = await runCases(cases, async (fuzzCase) => {
      const outcome = await send(fuzzCase);
      return universal(outcome) ?? fuzzCase.expect(outcome.status, JSON.parse(outcome.text));
    });
    expect(failures, `FUZZ_SEED=${SEED}: ${failures.length} of ${cases.length} cases failed`).toEqual([]);
  }, 60_000);
});
