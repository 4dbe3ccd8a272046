import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';
import { LOCAL_CREDENTIALS } from './environment';

export interface RunningS3 {
  endpoint: string;
  stop: () => Promise<void>;
}

/** A bucket created on start: its name, and whether browsers of any origin may POST uploads and GET downloads. */
export type LocalBucket = string | { name: string; cors: true };

/**
 * s3rver knows one access key of its own (S3RVER) and refuses any other; the handlers sign with the local stack's
 * credentials, so that pair is registered with s3rver's one account (its documented types do not expose it).
 */
const { DUMMY_ACCOUNT } = createRequire(import.meta.url)('s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { createKeyPair: (accessKeyId: string, secretAccessKey: string) => void };
};

/** Locally any origin may upload and download (the web front, a page of your own); in AWS only `corsOrigins`. */
const ANY_ORIGIN = `<CORSConfiguration><CORSRule>
  <AllowedOrigin>*</AllowedOrigin>
  <AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

/**
 * The local S3 twin (s3rver, serving buckets by path) with `buckets` created on start. Its objects are files: in
 * `<dataDir>/s3` when the stack keeps its data (DYNAMODB_DATA_DIR), else in a fresh temporary folder removed on
 * stop. Port 0 picks a free one. It serves presigned POST and GET and CopyObject for the SDK, but checks no
 * signature and enforces no POST policy condition (size, type, expiry): the send's own checks of every upload
 * (shared/chat/verify-attachments.ts) are what holds there, and what the tests prove.
 */
export const startS3Local = async (port: number, buckets: LocalBucket[], dataDir?: string): Promise<RunningS3> => {
  DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
  const directory = dataDir ? join(resolve(dataDir), 's3') : await mkdtemp(join(tmpdir(), 'chat-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: buckets.map((bucket) =>
      typeof bucket === 'string' ? { name: bucket, configs: [] } : { name: bucket.name, configs: [ANY_ORIGIN] },
    ),
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      await server.close();
      if (!dataDir) await rm(directory, { recursive: true, force: true });
    },
  };
};
