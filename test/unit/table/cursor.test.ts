import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '#shared/errors';
import { decodeCursor, encodeCursor } from '#shared/table/cursor';

const SHAPE = ['PK', 'SK', 'GSI1PK', 'GSI1SK'];
const key = {
  PK: 'T#t#CONV#c',
  SK: 'MEMBER#U#u',
  GSI1PK: 'T#t#INBOX#U#u#ACTIVE',
  GSI1SK: '2025-01-01T00:00:00.000Z#c',
};
const mine = { GSI1PK: key.GSI1PK };
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const rejects = (cursor: string) => {
  try {
    decodeCursor(cursor, SHAPE, mine);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual({ cursor: ['is not a cursor this list returned'] });
    return;
  }
  throw new Error(`accepted ${cursor}`);
};

describe('pagination cursors', () => {
  it('round-trip the last evaluated key; no key, no cursor', () => {
    const cursor = encodeCursor(key)!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, SHAPE, mine)).toEqual(key);
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, SHAPE, mine)).toBeUndefined();
  });

  it('names the field it was given', () => {
    expect(() => decodeCursor('x', SHAPE, mine, 'page')).toThrow(
      expect.objectContaining({ errors: { page: ['is not a cursor this list returned'] } }),
    );
  });

  it('rejects garbage and anything but an object of the same key attributes', () => {
    for (const cursor of [
      '',
      '!!!',
      'garbage',
      b64('not json'),
      b64(null),
      b64([]),
      b64('"s"'),
      b64(1),
      b64({}),
      b64({ PK: 'a', SK: 'b' }),
      b64({ ...key, extra: 'x' }),
    ])
      rejects(cursor);
  });

  it('rejects a key of another partition (someone else’s inbox)', () => {
    rejects(b64({ ...key, GSI1PK: 'T#other#INBOX#U#u#ACTIVE' }));
    rejects(b64({ ...key, GSI1PK: key.GSI1PK.replace('ACTIVE', 'ARCHIVED') }));
  });

  it('rejects values DynamoDB would refuse: non-strings, empty strings, over 1024 bytes', () => {
    rejects(b64({ ...key, GSI1SK: 5 }));
    rejects(b64({ ...key, SK: null }));
    rejects(b64({ ...key, SK: { S: 'x' } }));
    rejects(b64({ ...key, GSI1SK: '' }));
    rejects(b64({ ...key, PK: '' }));
    rejects(b64({ ...key, SK: 'x'.repeat(1025) }));
    rejects(b64({ ...key, SK: '€'.repeat(342) })); // 1026 bytes in 342 characters
    expect(decodeCursor(b64({ ...key, SK: '€'.repeat(341) }), SHAPE, mine)).toMatchObject({ SK: '€'.repeat(341) });
  });

  it('rejects prototype keys instead of merging them', () => {
    rejects(b64(JSON.stringify(key).replace('{', '{"__proto__":{"x":1},')));
    rejects(Buffer.from(`{"__proto__":"a","SK":"b","GSI1PK":"${key.GSI1PK}","GSI1SK":"c"}`).toString('base64url'));
  });
});
