import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requiredEnv } from '#shared/config';

let client: S3Client | undefined;

/**
 * One S3 client per process. Locally AWS_ENDPOINT_URL_S3 points it at the local S3 twin, which serves buckets by
 * path (`http://127.0.0.1:4569/<bucket>/<key>`), not as subdomains.
 */
const s3 = () => {
  client ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  return client;
};

/** Received mail larger than this is not a reply anyone typed (SES receives at most 40 MB); it is not read. */
export const MAX_RAW_MAIL_BYTES = 10 * 1024 * 1024;

/**
 * Where the receipt rule's S3 action stored a received email: `<INBOUND_MAIL_PREFIX><SES message id>` in
 * INBOUND_MAIL_BUCKET (the CDK stack sets both; locally the SMTP receiver stores mail the same way).
 */
export const rawMailLocation = (sesMessageId: string) => ({
  Bucket: requiredEnv('INBOUND_MAIL_BUCKET'),
  Key: `${process.env.INBOUND_MAIL_PREFIX ?? ''}${sesMessageId}`,
});

/** The raw MIME message SES stored, or undefined when it is too large to be a reply. */
export const readRawMail = async (sesMessageId: string): Promise<Uint8Array | undefined> => {
  const object = await s3().send(new GetObjectCommand(rawMailLocation(sesMessageId)));
  if ((object.ContentLength ?? 0) > MAX_RAW_MAIL_BYTES) {
    object.Body?.transformToWebStream().cancel();
    return undefined;
  }
  return object.Body?.transformToByteArray();
};
