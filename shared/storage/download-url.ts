import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '#shared/config';
import { s3 } from './client';

/** How long a download link works: the contract's "at most 15 minutes". */
const DOWNLOAD_URL_SECONDS = 900;

/**
 * A presigned GET of one kept attachment (objectKeys.file), valid DOWNLOAD_URL_SECONDS. Signing is local (no
 * request); the link works because the signing role may s3:GetObject there, and only there.
 */
export const downloadUrl = (key: string): Promise<string> =>
  getSignedUrl(s3(), new GetObjectCommand({ Bucket: config.attachmentsBucket, Key: key }), {
    expiresIn: DOWNLOAD_URL_SECONDS,
  });
