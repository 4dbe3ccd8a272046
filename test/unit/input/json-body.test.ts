import { describe, expect, it } from 'vitest';
import { BadRequest, PayloadTooLarge } from '#shared/errors';
import { MAX_BODY_BYTES, readJsonObject } from '#shared/input/json-body';

const body = (text: string, isBase64Encoded = false) => ({
  body: isBase64Encoded ? Buffer.from(text).toString('base64') : text,
  isBase64Encoded,
});
/** A JSON object of exactly `bytes` UTF-8 bytes. */
const objectOf = (bytes: number, filler = 'x') => {
  const base = '{"p":""}';
  const fillerBytes = Buffer.byteLength(filler);
  const room = bytes - base.length;
  return `{"p":"${filler.repeat(Math.floor(room / fillerBytes))}${'x'.repeat(room % fillerBytes)}"}`;
};

describe('readJsonObject', () => {
  it('limit is 64 KiB of bytes: exactly 64 KiB is read, one byte more is 413', () => {
    expect(MAX_BODY_BYTES).toBe(65_536);
    expect(Buffer.byteLength(objectOf(MAX_BODY_BYTES))).toBe(MAX_BODY_BYTES);
    expect(readJsonObject(body(objectOf(MAX_BODY_BYTES)))).toHaveProperty('p');
    expect(() => readJsonObject(body(objectOf(MAX_BODY_BYTES + 1)))).toThrow(PayloadTooLarge);
  });

  it('counts UTF-8 bytes, not characters, and counts a base64 body after decoding', () => {
    const multiByte = objectOf(MAX_BODY_BYTES + 2, '€');
    expect(multiByte.length).toBeLessThan(MAX_BODY_BYTES);
    expect(() => readJsonObject(body(multiByte))).toThrow(PayloadTooLarge);
    expect(readJsonObject(body(objectOf(MAX_BODY_BYTES), true))).toHaveProperty('p');
    expect(() => readJsonObject(body(objectOf(MAX_BODY_BYTES + 1), true))).toThrow(PayloadTooLarge);
  });

  it('a missing or empty body is an empty object', () => {
    expect(readJsonObject({ body: undefined, isBase64Encoded: false })).toEqual({});
    expect(readJsonObject(body(''))).toEqual({});
  });

  it('400 for text that is not JSON, or JSON that is not an object', () => {
    for (const text of ['{', 'nope', '{"a":1}x', "{'a':1}", '\u0000', ' ']) {
      expect(() => readJsonObject(body(text)), text).toThrow(new BadRequest('The body is not valid JSON.'));
    }
    for (const text of ['[]', '[{}]', 'null', '42', '"s"', 'true']) {
      expect(() => readJsonObject(body(text)), text).toThrow(new BadRequest('The body must be a JSON object.'));
    }
  });

  it('keeps __proto__ as a plain own key without touching any prototype', () => {
    const parsed = readJsonObject(body('{"__proto__":{"polluted":true},"a":1}'));
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.a).toBe(1);
  });
});
