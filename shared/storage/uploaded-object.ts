import { CopyObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { config } from '#shared/config';
import { s3 } from './client';
import { SIGNATURE_BYTES } from './content-types';

export interface UploadedObject {
  /** The whole object's size in bytes. */
  size: number;
  /** Its first SIGNATURE_BYTES bytes (all of it when smaller). */
  firstBytes: Uint8Array;
  /** The version that was read, so exactly that one is kept. */
  etag: string;
}

const errorName = (error: unknown) => (error as { name?: string })?.name;

/**
 * What was uploaded at `key`: its size and first bytes in one ranged GET (the total size comes back in
 * Content-Range; a HeadObject would be a second request for the same s3:GetObject permission), or undefined when
 * nothing was uploaded there.
 */
export const inspectUpload = async (key: string): Promise<UploadedObject | undefined> => {
  try {
    const object = await s3().send(
      new GetObjectCommand({ Bucket: config.attachmentsBucket, Key: key, Range: `bytes=0-${SIGNATURE_BYTES - 1}` }),
    );
    const firstBytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    const total = /\/(\d+)$/.exec(object.ContentRange ?? '')?.[1];
    return { size: total === undefined ? firstBytes.length : Number(total), firstBytes, etag: object.ETag ?? '' };
  } catch (error) {
    if (errorName(error) === 'NoSuchKey') return undefined;
    // A range of an empty object cannot be satisfied.
    if (errorName(error) === 'InvalidRange') return { size: 0, firstBytes: new Uint8Array(), etag: '' };
    throw error;
  }
};

/**
 * Copies the inspected version of an upload to where messages link to (objectKeys.file), with the declared type
 * and file name as the object's Content-Type and Content-Disposition, so a download link serves exactly the bytes
 * that were checked even if the uploader's form (valid for a few more minutes) is used again. False when the
 * upload changed since it was inspected (its ETag no longer matches).
 */
export const keepUpload = async (
  from: string,
  to: string,
  inspected: { etag: string; contentType: string; fileName: string },
): Promise<boolean> => {
  const bucket = config.attachmentsBucket;
  try {
    await s3().send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: to,
        CopySource: `${bucket}/${from}`,
        CopySourceIfMatch: inspected.etag,
        MetadataDirective: 'REPLACE',
        ContentType: inspected.contentType,
        ContentDisposition: inlineDisposition(inspected.fileName),
      }),
    );
    return true;
  } catch (error) {
    if (errorName(error) === 'PreconditionFailed' || errorName(error) === 'NoSuchKey') return false;
    throw error;
  }
};

/** RFC 6266: an ASCII fallback name for old clients, and the exact name in RFC 8187 encoding. */
const inlineDisposition = (fileName: string) => {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${fallback}"; filename*=UTF-8''${exact}`;
};
