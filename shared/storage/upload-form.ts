import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { config } from '#shared/config';
import { s3 } from './client';

/** How long an upload form works: the contract's "at most 15 minutes". */
const UPLOAD_FORM_SECONDS = 900;

export interface UploadForm {
  /** POST here as multipart/form-data: every field of `fields`, then the file as the last field, `file`. */
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/**
 * A presigned POST for exactly one object: S3 accepts it only for this key, with this Content-Type and exactly
 * `size` bytes (content-length-range), until `expiresAt`. The policy is signed locally with the role's
 * credentials, which may s3:PutObject under uploads/ and nowhere else; the client never holds that permission.
 * None of this is trusted: the send that uses the upload checks its size and bytes again (s3rver, the local S3,
 * enforces no condition at all).
 */
export const uploadForm = async (upload: { key: string; contentType: string; size: number }): Promise<UploadForm> => {
  const expiresAt = new Date(Date.now() + UPLOAD_FORM_SECONDS * 1000);
  const { url, fields } = await createPresignedPost(s3(), {
    Bucket: config.attachmentsBucket,
    Key: upload.key,
    Conditions: [['content-length-range', upload.size, upload.size]],
    Fields: { 'Content-Type': upload.contentType },
    Expires: UPLOAD_FORM_SECONDS,
  });
  return { url, fields, expiresAt: expiresAt.toISOString() };
};
