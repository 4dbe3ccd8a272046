import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { userIdByNumber, userNumber, userNumbers } from '#shared/catalog/user-number';
import { db } from '#shared/table/client';
import { keys } from '#shared/table/keys';

const tenant = () => `un-${randomUUID().slice(0, 8)}`;

describe('per-tenant user numbers (shared/catalog/user-number)', () => {
  it('numbers any user id once, whatever it looks like, and resolves the number back', async () => {
    const t = tenant();
    const ids = ['alice', 'seller-1', '42', randomUUID(), 'a#b'];
    const first = await userNumbers(t, ids);
    expect(new Set(first.values()).size).toBe(ids.length);
    for (const id of ids) {
      expect(Number.isSafeInteger(first.get(id))).toBe(true);
      expect(await userNumber(t, id)).toBe(first.get(id));
      expect(await userIdByNumber(t, first.get(id)!)).toBe(id);
    }
    // '42' is not number 42: numbers are assigned, never read off the id.
    expect(await userIdByNumber(t, 42)).toBeUndefined();
    expect(await userIdByNumber(tenant(), first.get('alice')!)).toBeUndefined();
  });

  it('assigns exactly one number under concurrent first use, and both pointers agree', async () => {
    const t = tenant();
    const results = await Promise.all(Array.from({ length: 16 }, () => userNumber(t, 'bob')));
    expect(new Set(results).size).toBe(1);
    const [number] = results;
    expect(await userIdByNumber(t, number!)).toBe('bob');
    const { Item } = await db().send(
      new GetCommand({ TableName: process.env.TABLE_NAME!, Key: keys.numberOfUser(t, 'bob'), ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ entity: 'user-number', userId: 'bob', number });
    // Numbers taken by the losing attempts are gaps: no other user ever points at them.
    for (let n = 1; n <= 16; n++) if (n !== number) expect(await userIdByNumber(t, n)).toBeUndefined();
  });

  it('numbers many new users at once (a list page) without two sharing a number', async () => {
    const t = tenant();
    const ids = Array.from({ length: 30 }, (_, i) => `user-${i}`);
    const [a, b] = await Promise.all([userNumbers(t, ids), userNumbers(t, [...ids].reverse())]);
    for (const id of ids) expect(a.get(id)).toBe(b.get(id));
    expect(new Set(a.values()).size).toBe(ids.length);
  });
});
