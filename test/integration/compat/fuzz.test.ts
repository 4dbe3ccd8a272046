import { describe, expect, it } from 'vitest';
import { platformWorld } from '#test/support/compat/platform-world';
import { PLATFORM } from '#test/support/compat/public-keys';
import {
  INTERNALS,
  JUNK_VALUES,
  LONE_SURROGATES,
  randomJson,
  randomString,
  runCases,
  withProtoKey,
} from '#test/support/fuzz/cases';
import { seededRandom } from '#test/support/fuzz/prng';
import { call } from '#test/support/http/client';

/**
 * Generated input against every compatibility route (seeds 000–004): whatever the body, query or path, never a
 * 5xx and never an internal leaking out; every answer is JSON in the dialect's own envelope. A lone surrogate in
 * any id that becomes a key part is that dialect's 422. Reproducible: FUZZ_SEED=<seed printed on failure>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);

interface Case {
  label: string;
  method: string;
  path: string;
  token: string;
  headers?: Record<string, string>;
  rawBody?: string;
  expect?: (status: number) => string | undefined;
}

const send = async (c: Case) => {
  const res = await call<string>(c.method, c.path, {
    token: c.token,
    headers: { accept: 'application/json', ...c.headers },
    rawBody: c.rawBody,
    parse: false,
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: res.body };
};

const universal = (o: { status: number; contentType: string; text: string }): string | undefined => {
  if (o.status >= 500) return `status ${o.status}: ${o.text.slice(0, 300)}`;
  if (!o.contentType.includes('json')) return `status ${o.status}, content-type ${o.contentType}`;
  try {
    JSON.parse(o.text);
  } catch {
    return `status ${o.status}, not JSON: ${o.text.slice(0, 100)}`;
  }
  if (INTERNALS.test(o.text)) return `internals leaked: ${o.text.slice(0, 200)}`;
  return undefined;
};

interface BodyRoute {
  method: string;
  path: string;
  headers?: Record<string, string>;
  base: Record<string, unknown>;
  keyParts: string[];
  strings: string[];
}

describe(`compatibility routes fuzz (seed ${SEED})`, () => {
  it('no generated body, query or path yields a 5xx; a lone surrogate in an id is a 422', async () => {
    const w = await platformWorld();
    const agent = await w.user('agent');
    const token = w.customer.token;
    const pk = { 'x-public-key': PLATFORM.key };
    const v2 = await call('POST', '/api/v2/chat/create-conversation', {
      token,
      body: { product_id: w.productId, message: 'fuzz target' },
    });
    expect(v2.status).toBe(200);
    const v2Id = v2.body.conversation_id as number;
    const withParticipants = await call('POST', '/api/v1/chat/conversations', {
      token,
      headers: pk,
      body: { participant_uuid: w.seller.id },
    });
    expect(withParticipants.status).toBe(201);
    const uuid = withParticipants.body.data.uuid as string;

    const bodyRoutes: BodyRoute[] = [
      {
        method: 'POST',
        path: '/api/v1/chat/newChat',
        base: { message: 'hi', product_id: w.productId, client_message_id: 'fz-0' },
        keyParts: ['product_id'],
        strings: ['message', 'product_id', 'token'],
      },
      {
        method: 'POST',
        path: '/api/v1/chat/startChat',
        base: {
          type: 'vendor-to-user',
          order_id: 5,
          order_vendor_id: 2,
          vendor_id: w.seller.id,
          sub_domain: 'shop.example.test',
          client_id: 1,
          db_name: 'salesdemo',
        },
        keyParts: ['order_id', 'order_vendor_id', 'vendor_id', 'client_id'],
        strings: ['type', 'order_id', 'order_vendor_id', 'vendor_id', 'sub_domain', 'client_id', 'db_name'],
      },
      {
        method: 'POST',
        path: '/api/v2/chat/create-conversation',
        base: { product_id: w.productId, title: 'T', message: 'hi', client_message_id: 'fz-3' },
        keyParts: ['product_id'],
        strings: ['product_id', 'title', 'message'],
      },
      {
        method: 'POST',
        path: '/api/v2/chat/insert-message',
        base: { conversation_id: v2Id, message: 'hi' },
        keyParts: ['conversation_id'],
        strings: ['conversation_id', 'message'],
      },
      {
        method: 'POST',
        path: '/api/v1/chat/conversations',
        headers: pk,
        base: { participant_uuid: w.seller.id, taggable_type: 'App\\Models\\Order', taggable_id: 77 },
        keyParts: ['participant_uuid', 'taggable_id'],
        strings: ['participant_uuid', 'taggable_type', 'taggable_id'],
      },
      {
        method: 'POST',
        path: `/api/v1/chat/conversations/${uuid}/messages`,
        headers: pk,
        base: { text: 'hi', client_message_id: 'fz-4' },
        keyParts: [],
        strings: ['text', 'message'],
      },
    ];
    const r = seededRandom(SEED);
    const cases: Case[] = [];
    const bodyCase = (route: BodyRoute, label: string, rawBody: string, expect?: Case['expect']): Case => ({
      label: `${route.path} ${label}`,
      method: route.method,
      path: route.path,
      token,
      ...(route.headers && { headers: route.headers }),
      rawBody,
      ...(expect && { expect }),
    });

    // 1. Every key part with every lone surrogate: the dialect's 422.
    for (const route of bodyRoutes) {
      for (const field of route.keyParts) {
        for (const bad of LONE_SURROGATES) {
          cases.push(
            bodyCase(
              route,
              `${field}=${JSON.stringify(bad)}`,
              JSON.stringify({ ...route.base, [field]: bad }),
              (status) => (status === 422 ? undefined : `expected 422, got ${status}`),
            ),
          );
        }
      }
    }
    // 2. Hostile strings (surrogates, NULs, key separators, huge) in 1..n string fields: whatever the answer, no 5xx.
    for (let i = 0; i < 200; i++) {
      const route = r.pick(bodyRoutes);
      const body = {
        ...route.base,
        ...Object.fromEntries(
          r
            .subset(route.strings)
            .concat(r.pick(route.strings))
            .map((f) => [f, randomString(r)]),
        ),
      };
      cases.push(bodyCase(route, `hostile ${JSON.stringify(body).slice(0, 200)}`, JSON.stringify(body)));
    }
    // 3. Junk values in fields, any JSON value, prototype keys, deep nesting, broken JSON.
    for (let i = 0; i < 150; i++) {
      const route = r.pick(bodyRoutes);
      const fields = Object.keys(route.base);
      const kind = r.int(0, 5);
      const rawBody =
        kind === 0
          ? JSON.stringify({
              ...route.base,
              ...Object.fromEntries(r.subset(fields).map((f) => [f, r.pick(JUNK_VALUES)])),
            })
          : kind === 1
            ? JSON.stringify(randomJson(r, fields))
            : kind === 2
              ? withProtoKey(JSON.stringify({ ...route.base }), randomJson(r, fields))
              : kind === 3
                ? '['.repeat(r.int(100, 5000)) + ']'.repeat(r.int(0, 5000))
                : kind === 4
                  ? `{"a":${'{"a":'.repeat(r.int(10, 2000))}1${'}'.repeat(r.int(0, 2001))}`
                  : JSON.stringify(route.base).slice(0, r.int(0, JSON.stringify(route.base).length - 1)) +
                    r.pick(['', '\u0000', 'garbage', ',,', '\ud800']);
      cases.push(bodyCase(route, `junk ${rawBody.slice(0, 120)}`, rawBody));
    }
    // 4. Page queries.
    const QUERY_VALUES = [
      '',
      '-1',
      '0',
      '1',
      '2',
      '1000',
      '1001',
      'abc',
      '1e2',
      '1.5',
      ' 5',
      '0x10',
      'NaN',
      '١٢',
      '[]',
      '%00',
      '%ZZ',
      '%ED%A0%80',
      '😀',
      'x'.repeat(3000),
      '9'.repeat(400),
    ];
    const queryRoutes: Array<{ path: string; token: string; headers?: Record<string, string> }> = [
      { path: '/api/v1/chat/list', token },
      { path: '/api/v1/chat/list', token: agent.token },
      { path: '/api/v2/chat/conversations', token },
      { path: `/api/v2/chat/messages/${v2Id}`, token },
      { path: '/api/v1/chat/conversations', token, headers: pk },
      { path: `/api/v1/chat/conversations/${uuid}/messages`, token, headers: pk },
    ];
    for (let i = 0; i < 100; i++) {
      const route = r.pick(queryRoutes);
      const value = r.pick(QUERY_VALUES);
      const name = r.next() < 0.85 ? 'page' : r.pick(['page[]', 'unknown', '__proto__']);
      const path = `${route.path}?${name}=${value.startsWith('%') ? value : encodeURIComponent(value)}`;
      cases.push({
        label: `query ${path.slice(0, 150)}`,
        method: 'GET',
        path,
        token: route.token,
        ...(route.headers && { headers: route.headers }),
      });
    }
    // 5. Path ids that are no conversation's: encoded separators, invalid UTF-8, lone surrogates, very long.
    const PATH_IDS = [
      '%00',
      'a%2Fb',
      '%2F',
      '..%2F..%2Flist',
      'x'.repeat(65),
      'x'.repeat(3000),
      `${uuid}x`,
      `${uuid}%23`,
      'a%23b',
      '%F0%9F%98%80',
      '%E0%A4%A',
      '%ED%A0%80',
      '%ED%B0%80',
      '%C0%AF',
      '%25',
      '%20',
      '+',
      'null',
      '__proto__',
      '0',
      '-1',
      '1e3',
      '9'.repeat(30),
      String(v2Id + 1_000_000),
    ];
    const pathRoutes: Array<[string, (id: string) => string, string | undefined, Record<string, string>?]> = [
      ['GET', (id) => `/api/v2/chat/messages/${id}`, undefined],
      ['GET', (id) => `/api/v2/chat/get-new-messages/${id}/0`, undefined],
      ['GET', (id) => `/api/v2/chat/get-new-messages/${v2Id}/${id}`, undefined],
      ['GET', (id) => `/api/v1/chat/conversations/${id}/messages`, undefined, pk],
      ['POST', (id) => `/api/v1/chat/conversations/${id}/messages`, '{"text":"hi"}', pk],
    ];
    for (const [method, path, rawBody, headers] of pathRoutes) {
      for (const id of PATH_IDS)
        cases.push({
          label: `path ${path(id).slice(0, 120)}`,
          method,
          path: path(id),
          token,
          ...(headers && { headers }),
          ...(rawBody && { rawBody }),
        });
    }

    expect(cases.length).toBeGreaterThan(500);
    const failures = await runCases(cases, async (fuzzCase) => {
      const outcome = await send(fuzzCase);
      return universal(outcome) ?? fuzzCase.expect?.(outcome.status);
    });
    expect(failures, `FUZZ_SEED=${SEED}: ${failures.length} of ${cases.length} cases failed`).toEqual([]);
  }, 90_000);
});
