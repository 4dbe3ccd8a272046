import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

export interface RunningSes {
  endpoint: string;
  stop: () => Promise<void>;
}

// A CommonJS package: under Node's ESM loader the default import is the whole `module.exports`.
const startServer = (sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule;

/**
 * The local SES twin (`aws-ses-v2-local`): SES v1 and v2 send APIs, an inbox UI at `/` and every email as JSON
 * at `/store`. Port 0 picks a free one. Its store lives in this process's memory, so it is empty on each start.
 */
export const startSesLocal = async (port: number): Promise<RunningSes> => {
  const server = await startServer({ host: '127.0.0.1', port });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
