import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/** DynamoDB Local, the real engine (transactions, streams), from the amplify-dynamodb-simulator npm package. */
export const emulatorDir = () =>
  join(dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')), 'emulator');

export interface RunningDynamo {
  endpoint: string;
  stop: () => Promise<void>;
}

export const startDynamoDbLocal = async (port: number, dataDir?: string): Promise<RunningDynamo> => {
  const dir = emulatorDir();
  const storage = dataDir ? ['-dbPath', resolve(dataDir)] : ['-inMemory'];
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    // It writes a metadata file into its working folder: keep that out of the repository.
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: tmpdir() },
  );
  // Never leave an orphaned Java process behind, however this process ends.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(new Error(`Cannot start Java for DynamoDB Local (is a Java 17+ runtime installed?): ${e.message}`)),
    ),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilReady(endpoint, () => stderr), spawnError]);
  return {
    endpoint,
    stop: async () => {
      process.off('exit', killChild);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
};

const waitUntilReady = async (endpoint: string, stderr: () => string) => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not start: ${(error as Error).message}\n${stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
};
