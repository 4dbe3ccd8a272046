import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { LOCAL_CREDENTIALS } from './environment';

/**
 * s3rver knows one access key of its own (S3RVER) and refuses any other; the handlers sign with the local stack's
 * credentials, so that pair is registered with s3rver's one account (its documented types do not expose it).
 */
const { DUMMY_ACCOUNT } = createRequire(import.meta.url)('s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { createKeyPair: (accessKeyId: string, secretAccessKey: string) => void };
};
DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);

export interface RunningS3 {
  endpoint: string;
  bucket: string;
  stop: () => Promise<void>;
}

/** Any origin may upload and download locally (the web front, a page of your own); AWS allows `corsOrigins` only. */
const LOCAL_CORS = `<CORSConfiguration><CORSRule>
  <AllowedOrigin>*</AllowedOrigin>
  <AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

/**
 * The local S3 twin (s3rver, path-style) with the attachments bucket, its files in a fresh temporary folder that
 * is removed on stop. Port 0 picks a free one. It serves presigned POST, GET and CopyObject for the SDK, but checks
 * no signature and enforces no POST policy condition (size, type, expiry): the send's own checks of every upload
 * (shared/chat/verify-attachments.ts) are what holds there, and what the tests prove.
 */
export const startS3Local = async (port: number, bucket = 'chat-attachments'): Promise<RunningS3> => {
  const directory = await mkdtemp(join(tmpdir(), 'chat-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    resetOnClose: true,
    configureBuckets: [{ name: bucket, configs: [LOCAL_CORS] }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};
