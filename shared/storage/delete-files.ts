import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { config } from '#shared/config';
import { s3 } from './client';
import { type AttachmentObject, objectKeys } from './object-keys';

/**
 * Deletes the kept copies (objectKeys.file) of attachments whose message was redacted: the content leaves the
 * bucket, not only the chat. Idempotent: S3 answers the delete of a missing key as a success.
 */
export const deleteFiles = async (files: readonly AttachmentObject[]) => {
  await Promise.all(
    files.map((file) =>
      s3().send(new DeleteObjectCommand({ Bucket: config.attachmentsBucket, Key: objectKeys.file(file) })),
    ),
  );
};
