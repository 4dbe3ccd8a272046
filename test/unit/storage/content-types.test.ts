import { describe, expect, it } from 'vitest';
import { ATTACHMENT_CONTENT_TYPES, hasSignatureOf, SIGNATURE_BYTES } from '#shared/storage/content-types';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

/** The first bytes of real files of each type (from the formats' specifications), and look-alikes. */
const GENUINE = {
  'image/jpeg': [
    bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0'), // JFIF
    bytes([0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34], 'Exif\0\0'), // a camera's Exif JPEG
    bytes([0xff, 0xd8, 0xff, 0xdb]),
  ],
  'image/png': [bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR')],
  'image/webp': [bytes('RIFF', [0x24, 0x08, 0, 0], 'WEBPVP8 '), bytes('RIFF', [0x1a, 0, 0, 0], 'WEBPVP8L')],
  'image/gif': [bytes('GIF89a', [1, 0, 1, 0]), bytes('GIF87a', [1, 0, 1, 0])],
  'application/pdf': [bytes('%PDF-1.7\n'), bytes('%PDF-2.0\r\n%')],
} as const;

describe('recognising a declared type from the first bytes', () => {
  it.each(ATTACHMENT_CONTENT_TYPES)('accepts genuine %s files and nothing of another type', (type) => {
    for (const file of GENUINE[type]) expect(hasSignatureOf(file, type)).toBe(true);
    for (const other of ATTACHMENT_CONTENT_TYPES.filter((t) => t !== type))
      for (const file of GENUINE[other]) expect(hasSignatureOf(file, type), `${other} as ${type}`).toBe(false);
  });

  it('refuses look-alikes: text, HTML, SVG, other RIFF containers, a truncated header, an empty file', () => {
    const impostors = [
      bytes('Hello, world'),
      bytes('<!doctype html><script>'),
      bytes('<svg xmlns="http://www.w3.org/2000/svg">'),
      bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), // audio
      bytes('RIFF', [0x24, 0, 0, 0], 'AVI LIST'),
      bytes('GIF8'),
      bytes([0x89], 'PN'),
      bytes([0xff, 0xd8]),
      bytes(' %PDF-1.7'), // readers tolerate junk before the header; we do not
      bytes(),
    ];
    for (const file of impostors)
      for (const type of ATTACHMENT_CONTENT_TYPES) expect(hasSignatureOf(file, type), `${file} as ${type}`).toBe(false);
  });

  it('needs no more than SIGNATURE_BYTES bytes (the ranged read of an upload)', () => {
    for (const type of ATTACHMENT_CONTENT_TYPES)
      for (const file of GENUINE[type]) expect(hasSignatureOf(file.slice(0, SIGNATURE_BYTES), type)).toBe(true);
  });
});
