import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account.js';

export interface RunningS3 {
  endpoint: string;
  stop: () => Promise<void>;
}

/**
 * The local S3 twin (`s3rver`), serving buckets by path. Its objects are files: kept in `<dataDir>/s3` when the
 * stack keeps its data (DYNAMODB_DATA_DIR), else in a fresh temporary folder removed on stop (like the in-memory
 * table). `buckets` are created on start. Port 0 picks a free one.
 */
export const startS3Local = async (port: number, buckets: string[], dataDir?: string): Promise<RunningS3> => {
  // The local stack's credentials (environment.ts): s3rver knows only its own key pair unless told.
  AWSAccount.DUMMY_ACCOUNT.createKeyPair('local', 'local');
  const directory = dataDir ? join(resolve(dataDir), 's3') : await mkdtemp(join(tmpdir(), 'chat-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
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
