import { S3Client } from '@aws-sdk/client-s3';

let client: S3Client | undefined;

/**
 * One S3 client per process, created on first use. The endpoint comes from the SDK's own AWS_ENDPOINT_URL_S3
 * variable; the local stack points it at s3rver, which serves buckets by path rather than by host name, hence
 * path-style addressing whenever an endpoint is given. Checksums only where S3 requires them: our reads are ranged
 * (nothing to validate) and download links stay plain GETs.
 */
export const s3 = (): S3Client => {
  client ??= new S3Client({
    maxAttempts: 3,
    forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return client;
};
