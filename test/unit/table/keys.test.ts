import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keys, SUPPORT_TEAM, seqFromSortKey, seqSortKey, userMember } from '#shared/table/keys';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('table keys', () => {
  it('every partition key starts with the tenant', () => {
    const m = userMember('u');
    const pks = [
      keys.seller('t1', 's').PK,
      keys.product('t1', 'p').PK,
      keys.user('t1', 'u').PK,
      keys.conversationPk('t1', 'c'),
      keys.head('t1', 'c').PK,
      keys.message('t1', 'c', 1).PK,
      keys.member('t1', 'c', m).PK,
      keys.clientMessageId('t1', 'c', 'u', 'x').PK,
      keys.inboxPk('t1', m, false),
      keys.unreadPk('t1', m),
    ];
    for (const pk of pks) expect(pk.startsWith('T#t1#')).toBe(true);
  });

  it('rate limits: buckets and windows per tenant, and a cross-tenant window no tenant key can reach', () => {
    expect(keys.rateBucket('t1', 'send', 'u')).toEqual({ PK: 'T#t1#RATE#send#u', SK: 'BUCKET' });
    expect(keys.rateBucket('t1', 'send', 'u').PK).not.toBe(keys.rateBucket('t2', 'send', 'u').PK);
    expect(keys.rateWindow('t1', 'x', 'u', 60).PK).toBe(keys.rateBucket('t1', 'x', 'u').PK); // one subject, two items
    const crossTenant = keys.crossTenantRateWindow('guest-sessions', '203.0.113.7', 60);
    expect(crossTenant).toEqual({ PK: 'RATE#guest-sessions#203.0.113.7', SK: 'WINDOW#60' });
    // A tenant id cannot contain '#' (TENANT_PATTERN), and every tenant key starts with T#.
    expect(crossTenant.PK.startsWith('T#')).toBe(false);
    expect(keys.crossTenantRateWindow('a#b', 'c', 0).PK).not.toBe(keys.crossTenantRateWindow('a', 'b#c', 0).PK);
  });

  it('an id containing the separator cannot forge another key', () => {
    expect(keys.seller('t', 'a#PRODUCT#b').PK).not.toBe(keys.product('t', 'b').PK);
    expect(keys.conversationPk('t', 'x')).not.toBe(keys.conversationPk('t#CONV#x', ''));
    expect(userMember('a#b')).toBe('U#a%23b');
    // The escape is injective: '#' and a literal '%23' stay different ids.
    expect(userMember('a#b')).not.toBe(userMember('a%23b'));
    expect(new Set(['#', '%23', '%2523', '%', '%25'].map((id) => keys.user('t', id).PK)).size).toBe(5);
  });

  it('any id of 1..128 characters fits every key (sort keys ≤ 1024 bytes, partition keys ≤ 2048)', () => {
    const tenant = 'x'.repeat(64);
    for (const id of ['😀'.repeat(128), '€'.repeat(128), '#'.repeat(128), '%'.repeat(128)]) {
      const m = userMember(id);
      for (const sk of [
        keys.member(tenant, 'c'.repeat(64), m).SK,
        keys.clientMessageId(tenant, 'c', id, 'x'.repeat(64)).SK,
      ])
        expect(bytes(sk)).toBeLessThanOrEqual(1024);
      for (const pk of [
        keys.seller(tenant, id).PK,
        keys.user(tenant, id).PK,
        keys.product(tenant, id).PK,
        keys.inboxPk(tenant, m, true),
        keys.unreadPk(tenant, m),
      ])
        expect(bytes(pk)).toBeLessThanOrEqual(2048);
    }
  });

  it('client message id pointers are per sending user, so agents acting through one team slot never share one', () => {
    expect(keys.clientMessageId('t', 'c', 'agent-1', 'm-1').SK).not.toBe(
      keys.clientMessageId('t', 'c', 'agent-2', 'm-1').SK,
    );
  });

  it('message sort keys sort by seq, and the header sorts right after the newest message', () => {
    const sks = [1, 2, 10, 999, 1_000_000, 999_999_999_999].map(seqSortKey);
    expect([...sks].sort()).toEqual(sks);
    expect(keys.head('t', 'c').SK > sks.at(-1)!).toBe(true);
    expect(keys.member('t', 'c', SUPPORT_TEAM).SK > keys.head('t', 'c').SK).toBe(true);
    expect(keys.clientMessageId('t', 'c', 'u', 'x').SK < seqSortKey(1)).toBe(true);
    expect(seqFromSortKey(seqSortKey(42))).toBe(42);
  });

  it('no other source file builds a key by concatenation', () => {
    const root = join(import.meta.dirname, '..', '..', '..');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    // A string literal holding a key fragment, outside comments (which may well describe the key shapes).
    const fragments = /['"`](?:[^'"`\n]*#)?(?:CONV|SELLER|PRODUCT|USER|INBOX|UNREAD|MEMBER|CMID|LOG)#/;
    const code = (path: string) =>
      readFileSync(path, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
    const offenders = ['shared', 'functions', 'infra']
      .flatMap((dir) => files(join(root, dir)))
      .filter((path) => !path.endsWith(join('shared', 'table', 'keys.ts')))
      .filter((path) => fragments.test(code(path)))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });
});
