import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '#shared/errors';
import { openCursor, openKeyCursor, sealCursor } from '#shared/table/cursor';

const SHAPE = ['PK', 'SK', 'GSI1PK', 'GSI1SK'];
const key = {
  PK: 'T#t#CONV#c',
  SK: 'MEMBER#U#u',
  GSI1PK: 'T#t#INBOX#U#u#ACTIVE',
  GSI1SK: '2025-01-01T00:00:00.000Z#c',
};
const mine = { GSI1PK: key.GSI1PK };
const scope = { tenant: 't', userId: 'u', list: 'inbox:U#u:active' };
/** A value sealed as this list would seal it: only the shape checks stand between it and a query. */
const sealed = async (value: unknown) => (await sealCursor(value as object, scope))!;
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const rejects = async (cursor: string | Promise<string>, at = scope) => {
  try {
    await openKeyCursor(await cursor, at, SHAPE, mine);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual({ cursor: ['is not a cursor this list returned'] });
    return;
  }
  throw new Error(`accepted ${await cursor}`);
};

describe('pagination cursors', () => {
  it('round-trip the last evaluated key; no key, no cursor', async () => {
    const cursor = (await sealCursor(key, scope))!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await openKeyCursor(cursor, scope, SHAPE, mine)).toEqual(key);
    expect(await sealCursor(undefined, scope)).toBeNull();
    expect(await openKeyCursor(undefined, scope, SHAPE, mine)).toBeUndefined();
  });

  it('are opaque: no key name or key value shows, and two cursors of one key differ', async () => {
    const cursor = (await sealCursor(key, scope))!;
    const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
    for (const visible of ['GSI1PK', 'INBOX', 'MEMBER#', 'CONV#', '2025-01-01', '"SK"'])
      expect(decoded).not.toContain(visible);
    expect(await sealCursor(key, scope)).not.toBe(cursor);
  });

  it('are tamper-evident: every altered byte, a cut or an extension is refused', async () => {
    const cursor = (await sealCursor(key, scope))!;
    const bytes = Buffer.from(cursor, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] = altered[i]! ^ 0x01;
      await rejects(altered.toString('base64url'));
    }
    await rejects(bytes.subarray(0, bytes.length - 1).toString('base64url'));
    await rejects(Buffer.concat([bytes, Buffer.from([0])]).toString('base64url'));
    await rejects(`${cursor}=`);
  });

  it('open only for the user, tenant and list they were issued to', async () => {
    const cursor = sealed(key);
    await rejects(cursor, { ...scope, userId: 'someone-else' });
    await rejects(cursor, { ...scope, tenant: 'other' });
    await rejects(cursor, { ...scope, list: 'inbox:U#u:archived' });
    expect(await openCursor(await cursor, scope)).toEqual(key);
  });

  it('names the field it was given', async () => {
    await expect(openKeyCursor('x', scope, SHAPE, mine, 'page')).rejects.toThrow(
      expect.objectContaining({ errors: { page: ['is not a cursor this list returned'] } }),
    );
  });

  it('rejects garbage, unsealed keys, and sealed values that are not an object of the same key attributes', async () => {
    for (const cursor of ['', '!!!', 'garbage', b64('not json'), b64(key)]) await rejects(cursor);
    for (const value of [null, [], 's', 1, {}, { PK: 'a', SK: 'b' }, { ...key, extra: 'x' }])
      await rejects(sealed(value));
  });

  it('rejects a key of another partition (someone else’s inbox)', async () => {
    await rejects(sealed({ ...key, GSI1PK: 'T#other#INBOX#U#u#ACTIVE' }));
    await rejects(sealed({ ...key, GSI1PK: key.GSI1PK.replace('ACTIVE', 'ARCHIVED') }));
  });

  it('rejects values DynamoDB would refuse: non-strings, empty strings, over 1024 bytes', async () => {
    await rejects(sealed({ ...key, GSI1SK: 5 }));
    await rejects(sealed({ ...key, SK: null }));
    await rejects(sealed({ ...key, SK: { S: 'x' } }));
    await rejects(sealed({ ...key, GSI1SK: '' }));
    await rejects(sealed({ ...key, PK: '' }));
    await rejects(sealed({ ...key, SK: 'x'.repeat(1025) }));
    await rejects(sealed({ ...key, SK: '€'.repeat(342) })); // 1026 bytes in 342 characters
    expect(await openKeyCursor(await sealed({ ...key, SK: '€'.repeat(341) }), scope, SHAPE, mine)).toMatchObject({
      SK: '€'.repeat(341),
    });
  });

  it('rejects prototype keys instead of merging them', async () => {
    await rejects(sealed(JSON.parse(JSON.stringify(key).replace('{', '{"__proto__":{"x":1},'))));
    await rejects(sealed(JSON.parse(`{"__proto__":"a","SK":"b","GSI1PK":"${key.GSI1PK}","GSI1SK":"c"}`)));
  });
});
