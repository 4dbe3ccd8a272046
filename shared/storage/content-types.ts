/** The types an attachment may declare, and how to recognise each from its first bytes. */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** How many leading bytes `hasSignatureOf` needs (WebP's marker ends at byte 12). */
export const SIGNATURE_BYTES = 12;

const startsWith = (bytes: Uint8Array, expected: readonly number[], at = 0) =>
  bytes.length >= at + expected.length && expected.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * Each type's magic number, as the format's specification places it at the very start of the file:
 * JPEG SOI + marker (FF D8 FF), the PNG signature (89 'PNG' CR LF SUB LF), 'GIF87a'/'GIF89a', a RIFF container of
 * form type 'WEBP', and the PDF header '%PDF-' (readers tolerate junk before it; we do not).
 */
const SIGNATURES: Record<AttachmentContentType, (bytes: Uint8Array) => boolean> = {
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/gif': (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')),
  'image/webp': (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  'application/pdf': (b) => startsWith(b, ascii('%PDF-')),
};

/** Whether a file's first bytes (at least SIGNATURE_BYTES of them, if it has that many) are those of `type`. */
export const hasSignatureOf = (firstBytes: Uint8Array, type: AttachmentContentType) => SIGNATURES[type](firstBytes);
