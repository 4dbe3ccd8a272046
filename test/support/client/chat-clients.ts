import { afterEach, inject } from 'vitest';
import WebSocket from 'ws';
import { ChatClient, type ChatClientOptions } from '#client/index';

export interface TestChatClient {
  chat: ChatClient;
  /** Every socket the client opened, oldest first: a test drops the newest with `terminate()`. */
  sockets: WebSocket[];
  /** Kills the open socket without a close handshake, as a lost network does. */
  dropSocket: () => void;
}

const opened = new Set<ChatClient>();
afterEach(() => {
  for (const chat of opened) chat.disconnect();
  opened.clear();
});

/**
 * The client library against the local stack, over `ws` sockets the test can kill. Backoff is short so a test
 * waits for a reconnect in tens of milliseconds, not seconds.
 */
export const chatClient = (
  getToken: ChatClientOptions['getToken'],
  options: Partial<ChatClientOptions> = {},
): TestChatClient => {
  const sockets: WebSocket[] = [];
  const chat = new ChatClient({
    apiUrl: inject('httpUrl'),
    wsUrl: inject('wsUrl'),
    getToken,
    socket: (url) => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      return socket;
    },
    backoff: { baseMs: 50, maxMs: 400 },
    ...options,
  });
  opened.add(chat);
  return { chat, sockets, dropSocket: () => sockets.at(-1)?.terminate() };
};

/** Resolves when `test` holds, checked after each event of `on` (and once at once). */
export const until = <T>(subscribe: (listener: () => void) => () => void, test: () => T | undefined, label: string) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${label}`));
    }, 15_000);
    const check = () => {
      const value = test();
      if (value === undefined || value === false) return;
      clearTimeout(timer);
      off();
      resolve(value);
    };
    const off = subscribe(check);
    check();
  });
