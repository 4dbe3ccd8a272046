import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { localWarning } from './client-errors';

export interface RunningSes {
  endpoint: string;
  stop: () => Promise<void>;
}

/**
 * Runs in a child Node process: `aws-ses-v2-local` has request paths that throw outside Express's reach (e.g. its
 * inbox's `GET /get-emlContent?messageId=<unknown>` answers twice and rejects unhandled), which in our process would
 * end the whole local stack. In a child only the SES twin can die, and it is restarted.
 */
const SCRIPT = `
require(process.argv[1]).default({ host: '127.0.0.1', port: Number(process.argv[2]) }).then(
  (server) => console.log(server.address().port),
  (error) => { console.error(error); process.exit(1); },
);`;

interface SesChild {
  child: ChildProcess;
  port: number;
  /** The end of its stderr: what says why it died. */
  stderr: () => string;
}

const spawnSes = async (port: number): Promise<SesChild> => {
  const entry = createRequire(import.meta.url).resolve('aws-ses-v2-local');
  const child = spawn(process.execPath, ['-e', SCRIPT, entry, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Both pipes are drained for the child's whole life (a full pipe would block it); only a bounded tail is kept.
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2_000)));
  let stdout = '';
  const firstLine = new Promise<string>((resolve) =>
    child.stdout!.on('data', (chunk) => {
      if (stdout.includes('\n')) return;
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!.trim());
    }),
  );
  const exited = once(child, 'exit').then(() => {
    throw new Error(`local SES did not start: ${stderr.trim() || `exit code ${child.exitCode}`}`);
  });
  exited.catch(() => undefined); // once started, its exit is watched by startSesLocal
  const actualPort = Number(await Promise.race([firstLine, exited]));
  if (!Number.isInteger(actualPort)) throw new Error(`local SES printed no port: ${stdout}`);
  return { child, port: actualPort, stderr: () => stderr };
};

/**
 * The local SES twin (`aws-ses-v2-local`): SES v1 and v2 send APIs, an inbox UI at `/` and every email as JSON
 * at `/store`. Port 0 picks a free one. Its store lives in the child's memory, so it is empty on each start (and
 * after a restart).
 */
export const startSesLocal = async (port: number): Promise<RunningSes> => {
  let running = await spawnSes(port);
  let stopping = false;
  // Never leave an orphaned child behind, however this process ends.
  const killChild = () => running.child.kill('SIGKILL');
  process.once('exit', killChild);
  const watch = (child: ChildProcess) =>
    child.once('exit', (code, signal) => {
      if (stopping) return;
      // The last error line of a crash report, not its stack.
      const why =
        running
          .stderr()
          .split('\n')
          .findLast((line) => /^\w*Error\b/.test(line)) ?? 'no error printed';
      localWarning(`local SES exited (${signal ?? `code ${code}`}: ${why}); restarting it with an empty inbox`);
      spawnSes(running.port).then(
        (next) => {
          running = next;
          watch(next.child);
        },
        (error) => console.error('local SES could not restart', error),
      );
    });
  watch(running.child);
  return {
    endpoint: `http://127.0.0.1:${running.port}`,
    stop: async () => {
      stopping = true;
      process.off('exit', killChild);
      const { child } = running;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exit = once(child, 'exit');
      child.kill('SIGTERM');
      await exit;
    },
  };
};
