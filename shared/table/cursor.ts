import { ValidationFailed } from '#shared/errors';

type Key = Record<string, string | number>;

/** Pagination cursors are the last key, base64url JSON: opaque to clients, checked on the way back in. */
export const encodeCursor = (key: Key | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;

/** DynamoDB rejects an empty key value or a sort key over 1024 bytes: no key we returned looks like that. */
const isKeyValue = (value: unknown) =>
  typeof value === 'string' && value.length > 0 && Buffer.byteLength(value, 'utf8') <= 1024;

/**
 * A cursor must decode to a key of the same partition the caller is listing; anything else
 * (garbage, or a key forged to point at someone else's partition) is a 422, never a database error.
 */
export const decodeCursor = (
  cursor: string | undefined,
  attributes: readonly string[],
  mustMatch: Key,
  field = 'cursor',
): Key | undefined => {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationFailed({ [field]: ['is not a cursor this list returned'] });
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key);
  const sameShape = entries.length === attributes.length && entries.every(([k]) => attributes.includes(k));
  if (!sameShape || !entries.every(([, v]) => isKeyValue(v))) throw invalid();
  for (const [name, value] of Object.entries(mustMatch)) {
    if ((key as Key)[name] !== value) throw invalid();
  }
  return key as Key;
};
