import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** What a raw connection got back: the bytes as latin1 text, the HTTP status if they began with one. */
export interface RawReply {
  text: string;
  status: number | undefined;
}

export interface RawOptions {
  /** After writing: wait for the server (default), half-close (FIN), or reset (RST) the connection. */
  ending?: 'wait' | 'fin' | 'reset';
  /** Pause this long before `ending` (e.g. so a reset lands while $connect is running). */
  delayMs?: number;
  /** Give up waiting for the server to answer or close after this long. */
  waitMs?: number;
}

const hostPort = (url: string) => {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
};

/**
 * A hostile client at the TCP level, loopback only: connects to the server of `url`, writes `chunks` as they are
 * (no HTTP or WebSocket library tidying them up), then waits, half-closes or resets, and collects the answer.
 */
export const rawExchange = (url: string, chunks: Array<string | Buffer>, options: RawOptions = {}) =>
  new Promise<RawReply>((resolve) => {
    const { ending = 'wait', delayMs = 0, waitMs = 3_000 } = options;
    const socket = connect(hostPort(url));
    const received: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      resolve({ text, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]) || undefined });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('close', finish);
    socket.on('error', () => undefined); // the server may well reset us too; 'close' follows
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      setTimeout(() => {
        if (ending === 'reset') {
          socket.resetAndDestroy();
          finish();
        } else if (ending === 'fin') socket.end();
      }, delayMs);
    });
  });

/** A WebSocket upgrade request for `path` (the handshake headers a browser sends). */
export const upgradeRequest = (path: string, extraHeaders = '') =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extraHeaders}\r\n`;

/** A raw socket past a completed WebSocket handshake (101), for writing hand-made frames. */
export const rawWebSocket = (url: string, path: string) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect(hostPort(url));
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
    socket.on('connect', () => socket.write(upgradeRequest(path)));
  });

/**
 * One client frame as RFC 6455 has it: FIN bit, opcode, the MASK bit with an all-zero key (so the payload goes as
 * is), and a length that may claim more than `payload` holds (a frame cut off by a reset).
 */
export const clientFrame = (
  opcode: number,
  payload: Buffer,
  { fin = true, declaredLength = payload.length }: { fin?: boolean; declaredLength?: number } = {},
) => {
  const first = (fin ? 0x80 : 0) | opcode;
  const length =
    declaredLength < 126
      ? Buffer.from([first, 0x80 | declaredLength])
      : declaredLength < 65_536
        ? Buffer.from([first, 0x80 | 126, declaredLength >> 8, declaredLength & 0xff])
        : Buffer.concat([Buffer.from([first, 0x80 | 127]), bigEndian64(declaredLength)]);
  return Buffer.concat([length, Buffer.alloc(4), payload]);
};

const bigEndian64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

/** The close code of the first close frame the server sends on a raw WebSocket (undefined if it just hangs up). */
export const serverCloseCode = (socket: Socket, waitMs = 3_000) =>
  new Promise<number | undefined>((resolve) => {
    let received = Buffer.alloc(0);
    const finish = (code: number | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    };
    const timer = setTimeout(() => finish(undefined), waitMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // Server frames are unmasked; control frames are short (length < 126), so a close frame is 0x88, len, code.
      for (let at = 0; at + 1 < received.length; ) {
        const opcode = received[at]! & 0x0f;
        let length = received[at + 1]! & 0x7f;
        let start = at + 2;
        if (length === 126) [length, start] = [received.readUInt16BE(at + 2), at + 4];
        if (opcode === 0x8 && received.length >= start + 2) return finish(received.readUInt16BE(start));
        at = start + length;
      }
    });
    socket.on('close', () => finish(undefined));
  });
