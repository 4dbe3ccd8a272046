import { call } from '#test/support/http/client';

export type AttachmentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif' | 'application/pdf';

/** The leading bytes of each type (the formats' magic numbers), and bytes of none of them. */
const HEADS: Record<AttachmentType | 'text/plain', number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d],
  'image/webp': [...Buffer.from('RIFF'), 0x24, 0x00, 0x00, 0x00, ...Buffer.from('WEBPVP8 ')],
  'image/gif': [...Buffer.from('GIF89a'), 0x01, 0x00, 0x01, 0x00, 0x80, 0x00],
  'application/pdf': [...Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3', 'latin1')],
  'text/plain': [...Buffer.from('Hello, this is not an image at all.')],
};

/** A file of exactly `size` bytes (default 2 KiB) that starts like `type` would. */
export const fileOf = (type: AttachmentType | 'text/plain', size = 2048) => {
  const bytes = new Uint8Array(size);
  bytes.set(HEADS[type].slice(0, size));
  for (let i = HEADS[type].length; i < size; i++) bytes[i] = i % 251;
  return bytes;
};

export interface UploadIntent {
  attachment: { id: string; fileName: string; contentType: string; size: number };
  upload: { url: string; fields: Record<string, string>; expiresAt: string };
}

/** POST …/attachments: the declared file, answered with the upload form (throws unless 201). */
export const requestUpload = async (
  token: string,
  conversationId: string,
  declared: { fileName: string; contentType: string; size: number },
): Promise<UploadIntent> => {
  const res = await call('POST', `/v1/conversations/${conversationId}/attachments`, { token, body: declared });
  if (res.status !== 201) throw new Error(`upload intent refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as UploadIntent;
};

/** What a browser does with the form: a multipart POST of every field, then the file, straight to S3. */
export const postForm = async (upload: UploadIntent['upload'], bytes: Uint8Array, fileName = 'file') => {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  // A copy over a plain ArrayBuffer: Blob takes no view of a SharedArrayBuffer (the DOM typings say so).
  form.append('file', new Blob([new Uint8Array(bytes)], { type: upload.fields['Content-Type'] }), fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  if (response.status >= 300) throw new Error(`upload refused by S3: ${response.status} ${await response.text()}`);
};

/**
 * Declares and uploads one attachment, returning its id. `bytes` default to a genuine file of the declared type and
 * size; give other bytes to upload something else than declared (the local S3 enforces no condition).
 */
export const attach = async (
  token: string,
  conversationId: string,
  declared: { fileName?: string; contentType?: AttachmentType; size?: number } = {},
  bytes?: Uint8Array,
) => {
  const contentType = declared.contentType ?? 'image/png';
  const size = declared.size ?? 2048;
  const intent = await requestUpload(token, conversationId, {
    fileName: declared.fileName ?? 'photo.png',
    contentType,
    size,
  });
  await postForm(intent.upload, bytes ?? fileOf(contentType, size), declared.fileName);
  return intent.attachment.id;
};
