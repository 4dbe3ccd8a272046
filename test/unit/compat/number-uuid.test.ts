import { describe, expect, it } from 'vitest';
import { messageUuid, numberFromUuid, numberUuid, UUID_PATTERN } from '#shared/compat/ids';
import { randomId } from '#shared/ids';

const RFC_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('number UUIDs (seed 004 uuid of conversations and users)', () => {
  it('encodes a number as an RFC 9562 version-8 UUID and decodes exactly that number back', () => {
    for (const n of [1, 2, 3, 42, 1000, 65_535, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER]) {
      for (const kind of ['conversation', 'user'] as const) {
        const uuid = numberUuid(kind, n);
        expect(uuid).toMatch(RFC_V8);
        expect(numberFromUuid(kind, uuid)).toBe(n);
        expect(numberFromUuid(kind, uuid.toUpperCase())).toBe(n);
      }
    }
  });

  it('is injective and random-looking: consecutive numbers share no visible counter', () => {
    const uuids = Array.from({ length: 2000 }, (_, i) => numberUuid('conversation', i + 1));
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(uuids[0]!.slice(0, 8)).not.toBe(uuids[1]!.slice(0, 8));
  });

  it('never decodes a UUID of the other kind, a foreign UUID or a mistyped one', () => {
    expect(numberFromUuid('user', numberUuid('conversation', 7))).toBeUndefined();
    expect(numberFromUuid('conversation', numberUuid('user', 7))).toBeUndefined();
    expect(numberFromUuid('conversation', '6b420a39-0b23-3a95-6a0b-3ca5900b4c05')).toBeUndefined();
    expect(numberFromUuid('conversation', '00000000-0000-8000-8000-000000000007')).toBeUndefined();
    const uuid = numberUuid('conversation', 7);
    const typo = `${uuid.slice(0, -1)}${uuid.endsWith('0') ? '1' : '0'}`;
    expect(numberFromUuid('conversation', typo)).toBeUndefined();
    expect(numberFromUuid('conversation', 'not-a-uuid')).toBeUndefined();
  });

  it('maps a message id (128 random bits, base64url) to its 16 bytes in hex: a bijection', () => {
    for (let i = 0; i < 200; i++) {
      const id = randomId();
      const uuid = messageUuid(id);
      expect(uuid).toMatch(UUID_PATTERN);
      expect(Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url')).toBe(id);
    }
    expect(messageUuid('not-a-128-bit-id')).toMatch(RFC_V8);
  });
});
