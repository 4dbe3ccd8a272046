import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ValidationFailed } from '#shared/errors';
import { derivedKey } from '#shared/secrets/derived-key';

type Key = Record<string, string | number>;

/** Whom a cursor was issued to and for which list: a cursor opens only in the same scope. */
export interface CursorScope {
  tenant: string;
  userId: string;
  /** The list and its filters, e.g. `inbox:U#alice:active` or `messages:<conversationId>`. */
  list: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const aad = (scope: CursorScope) => Buffer.from(JSON.stringify([scope.tenant, scope.userId, scope.list]), 'utf8');

/**
 * Pagination cursors are sealed with AES-256-GCM under a key derived from the stack's secret: opaque (no key
 * names or values of the table show), tamper-evident (any altered byte fails the tag), and bound to the user,
 * tenant and list they were issued for (the scope is the additional authenticated data).
 */
export const sealCursor = async (value: object | undefined, scope: CursorScope): Promise<string | null> => {
  if (value === undefined) return null;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await derivedKey('cursor'), iv).setAAD(aad(scope));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
};

/** The value inside a cursor of this scope; anything else (garbage, altered, another scope's) is a 422. */
export const openCursor = async (
  cursor: string | undefined,
  scope: CursorScope,
  field = 'cursor',
): Promise<unknown | undefined> => {
  if (cursor === undefined) return undefined;
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES || bytes.toString('base64url') !== cursor) throw invalidCursor(field);
  try {
    const decipher = createDecipheriv('aes-256-gcm', await derivedKey('cursor'), bytes.subarray(0, IV_BYTES))
      .setAAD(aad(scope))
      .setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8'));
  } catch {
    throw invalidCursor(field);
  }
};

/** DynamoDB rejects an empty key value or a sort key over 1024 bytes: no key we returned looks like that. */
const isKeyValue = (value: unknown) =>
  typeof value === 'string' && value.length > 0 && Buffer.byteLength(value, 'utf8') <= 1024;

/**
 * A cursor holding a table key: besides the seal, the key must have the list's key attributes and lie in the
 * partition being listed (a second line of defence; the seal already makes a forged key impossible).
 */
export const openKeyCursor = async (
  cursor: string | undefined,
  scope: CursorScope,
  attributes: readonly string[],
  mustMatch: Key,
  field = 'cursor',
): Promise<Key | undefined> => {
  const key = await openCursor(cursor, scope, field);
  if (key === undefined) return undefined;
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalidCursor(field);
  const entries = Object.entries(key);
  const sameShape = entries.length === attributes.length && entries.every(([k]) => attributes.includes(k));
  if (!sameShape || !entries.every(([, v]) => isKeyValue(v))) throw invalidCursor(field);
  for (const [name, value] of Object.entries(mustMatch)) {
    if ((key as Key)[name] !== value) throw invalidCursor(field);
  }
  return key as Key;
};

const invalidCursor = (field: string) => new ValidationFailed({ [field]: ['is not a cursor this list returned'] });
