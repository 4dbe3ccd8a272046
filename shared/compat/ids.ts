import { createHash } from 'node:crypto';

/**
 * Apps written against Laravel- and Mongo-era APIs type ids as integers. Our ids are strings (token `sub`s,
 * directory ids): an all-digit id that fits a safe integer goes out as a number, any other id as the string it is.
 */
export const looseId = (id: string): number | string => (/^(0|[1-9]\d{0,14})$/.test(id) ? Number(id) : id);

/** 8-4-4-4-12 hex digits, any case: what Swift's `UUID(uuidString:)`, Kotlin's `UUID.fromString` and Laravel accept. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a number UUID names: numbers of different kinds never decode as each other. */
export type NumberedKind = 'conversation' | 'user';

const bits = (input: string, width: number) => {
  const digest = BigInt(`0x${createHash('sha256').update(`compat-number-uuid\u0000${input}`).digest('hex')}`);
  return digest & ((1n << BigInt(width)) - 1n);
};
const tagOf = (kind: NumberedKind, number: bigint) => bits(`${kind}\u0000tag\u0000${number}`, 60);
const maskOf = (kind: NumberedKind, tag: bigint) => bits(`${kind}\u0000mask\u0000${tag}`, 62);

const hex = (value: bigint) => {
  const h = value.toString(16).padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * A tenant number (conversation or user) as an RFC 9562 version-8 UUID, and back: exactly invertible without a
 * read, and random-looking, so nothing reads a count off it. Our conversation ids are 132-bit (22 base64url
 * characters of a SHA-256), one nibble too many for a UUID, so the UUID encodes the conversation's number
 * instead, and the number's stored alias (written when the conversation is opened) leads to the id.
 *
 * Layout (122 free bits): a 60-bit tag `H(kind, n)` in the first 60, the number XOR `H(kind, tag)` in the last 62
 * (a two-round Feistel mix). Decoding unmixes the number and checks the tag, so a foreign, mistyped or
 * other-kind UUID decodes to nothing (1 in 2^60 chance otherwise).
 */
export const numberUuid = (kind: NumberedKind, number: number): string => {
  const n = BigInt(number);
  const tag = tagOf(kind, n);
  const payload = n ^ maskOf(kind, tag);
  const value = ((tag >> 12n) << 80n) | (8n << 76n) | ((tag & 0xfffn) << 64n) | (2n << 62n) | payload;
  return hex(value);
};

export const numberFromUuid = (kind: NumberedKind, uuid: string): number | undefined => {
  if (!UUID_PATTERN.test(uuid)) return undefined;
  const value = BigInt(`0x${uuid.replaceAll('-', '')}`);
  if (((value >> 76n) & 0xfn) !== 8n || ((value >> 62n) & 3n) !== 2n) return undefined;
  const tag = ((value >> 80n) << 12n) | ((value >> 64n) & 0xfffn);
  const n = (value & ((1n << 62n) - 1n)) ^ maskOf(kind, tag);
  if (n < 1n || n > BigInt(Number.MAX_SAFE_INTEGER) || tagOf(kind, n) !== tag) return undefined;
  return Number(n);
};

/**
 * A message id as a UUID. Message ids are 128 random bits in base64url (shared/ids randomId), so this is their
 * 16 bytes in hex: a bijection. (Any other id, which no message has today, gets a stable v8 UUID from its hash.)
 */
export const messageUuid = (id: string): string => {
  const bytes = Buffer.from(id, 'base64url');
  if (bytes.length === 16 && bytes.toString('base64url') === id) return hex(BigInt(`0x${bytes.toString('hex')}`));
  const h = bits(`message\u0000${id}`, 122);
  return hex(
    ((h >> 74n) << 80n) | (8n << 76n) | (((h >> 62n) & 0xfffn) << 64n) | (2n << 62n) | (h & ((1n << 62n) - 1n)),
  );
};
