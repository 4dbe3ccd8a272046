import { inject } from 'vitest';
import WebSocket from 'ws';

export type WsEvent = { type: string; [key: string]: any };

export interface WsClient {
  socket: WebSocket;
  /** Events received and not yet taken by `next`. */
  pending: WsEvent[];
  send: (frame: unknown) => void;
  sendRaw: (text: string) => void;
  /** The first event (already received or still to come) that matches; removes it from `pending`. */
  next: (match?: Partial<WsEvent> | ((e: WsEvent) => boolean), timeoutMs?: number) => Promise<WsEvent>;
  close: () => Promise<void>;
}

const open = new Set<WsClient>();

const matcher = (match: Partial<WsEvent> | ((e: WsEvent) => boolean) | undefined) =>
  typeof match === 'function'
    ? match
    : (e: WsEvent) => Object.entries(match ?? {}).every(([k, v]) => JSON.stringify(e[k]) === JSON.stringify(v));

/** A real WebSocket client of the local gateway, connected with `?token=`. */
export const connectWs = (token: string): Promise<WsClient> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(`${inject('wsUrl')}/?token=${encodeURIComponent(token)}`);
    const pending: WsEvent[] = [];
    const waiters: Array<{ test: (e: WsEvent) => boolean; resolve: (e: WsEvent) => void }> = [];
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString()) as WsEvent;
      const waiter = waiters.findIndex((w) => w.test(event));
      if (waiter >= 0) waiters.splice(waiter, 1)[0]!.resolve(event);
      else pending.push(event);
    });
    socket.once('unexpected-response', (_req, res) => {
      reject(new Error(`upgrade refused with ${res.statusCode}`));
      socket.terminate();
    });
    socket.once('error', reject);
    const client: WsClient = {
      socket,
      pending,
      send: (frame) => socket.send(JSON.stringify(frame)),
      sendRaw: (text) => socket.send(text),
      next: (match, timeoutMs = 5_000) => {
        const test = matcher(match);
        const index = pending.findIndex(test);
        if (index >= 0) return Promise.resolve(pending.splice(index, 1)[0]!);
        return new Promise((res, rej) => {
          const waiter = {
            test,
            resolve: (e: WsEvent) => {
              clearTimeout(timer);
              res(e);
            },
          };
          const timer = setTimeout(() => {
            waiters.splice(waiters.indexOf(waiter), 1);
            rej(
              new Error(
                `no event matching ${typeof match === 'function' ? 'predicate' : JSON.stringify(match)} within ${timeoutMs} ms; pending: ${JSON.stringify(pending)}`,
              ),
            );
          }, timeoutMs);
          waiters.push(waiter);
        });
      },
      close: () =>
        new Promise((res) => {
          open.delete(client);
          if (socket.readyState === WebSocket.CLOSED) return res();
          socket.once('close', () => res());
          socket.close();
        }),
    };
    socket.once('open', () => {
      open.add(client);
      resolve(client);
    });
  });

/** The HTTP status of a refused upgrade. */
export const upgradeStatus = (query: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(`${inject('wsUrl')}/${query}`);
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', () => undefined);
  });

export const closeAllWs = () => Promise.all([...open].map((c) => c.close()));
