import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { Emitter } from './emitter';
import type { TokenSource } from './tokens';
import type { ClientAction, ServerEvent } from './types';

/**
 * `idle` before `connect()`; `connecting` until the first socket opens; `open`; `reconnecting` after a loss
 * (waiting out the backoff, or offline); `closed` after `close()`.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The WebSocket the client needs: the browser's, Node's global (22+), or the `ws` package's. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: SocketEvent) => void): void;
}
/** What the client reads of a socket's events: a message event's `data`. */
interface SocketEvent {
  readonly type: string;
  readonly data?: unknown;
}
export type SocketFactory = (url: string) => SocketLike;

export interface RealtimeOptions {
  /** The WebSocket API's URL (`ws://localhost:3001` locally; the stack's `WebSocketUrl` in AWS). */
  wsUrl: string;
  tokens: TokenSource;
  socket?: SocketFactory;
  backoff?: BackoffPolicy;
  /** A `ping` this often while open (it also keeps an agent "online"); default 25 s. */
  pingIntervalMs?: number;
  /** No frame at all for this long after a ping: the socket is dead, reconnect; default 10 s. */
  pongTimeoutMs?: number;
  random?: () => number;
}

interface RealtimeEvents {
  state: { state: ConnectionState; previous: ConnectionState };
  /** A socket opened; `resumed` when an earlier one was lost (catch up now). */
  open: { resumed: boolean };
  event: ServerEvent;
}

const OPEN = 1;

/**
 * One WebSocket kept open: reconnects after any loss with exponential backoff and jitter, fetches a fresh token
 * for each new socket (and renews the socket before its token expires: the server stops pushing to a
 * connection whose token has expired), pings to find dead sockets, and waits for the browser's `online` event
 * instead of retrying while it is offline.
 */
export class Realtime extends Emitter<RealtimeEvents> {
  private socket: SocketLike | undefined;
  private current: ConnectionState = 'idle';
  private attempt = 0;
  private everOpened = false;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private lastFrameAt = 0;
  private needsFreshToken = false;
  private readonly options: Required<Omit<RealtimeOptions, 'socket'>> & { socket: SocketFactory };

  constructor(options: RealtimeOptions) {
    super();
    this.options = {
      backoff: DEFAULT_BACKOFF,
      pingIntervalMs: 25_000,
      pongTimeoutMs: 10_000,
      random: Math.random,
      socket: (url) => new WebSocket(url),
      ...options,
    };
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Starts connecting (and keeps reconnecting until `close()`); resolves once a socket is open. */
  connect(): Promise<void> {
    if (this.current === 'idle' || this.current === 'closed') {
      this.listenToBrowser(true);
      this.setState('connecting');
      void this.open();
    }
    return new Promise((resolve) => {
      if (this.current === 'open') return resolve();
      const off = this.on('open', () => {
        off();
        resolve();
      });
    });
  }

  close(): void {
    this.listenToBrowser(false);
    this.setState('closed');
    this.clearTimers();
    this.socket?.close(1000, 'client closed');
    this.socket = undefined;
  }

  /** Sends an action if a socket is open; false otherwise (actions are not queued: they are about now). */
  send(action: ClientAction): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(action));
    return true;
  }

  /** Drops the current socket and connects again at once (e.g. with a fresh token), catching up after. */
  reconnectNow(): void {
    if (this.current === 'closed' || this.current === 'idle') return;
    this.attempt = 0;
    this.drop();
  }

  private async open() {
    this.clearTimers();
    const tokens = this.options.tokens;
    let token: string;
    try {
      // After two failed upgrades in a row the token may be what the server refuses (a 401 on the upgrade looks
      // like any other failure to a browser): ask for a fresh one.
      const fresh = this.needsFreshToken || this.attempt >= 2;
      this.needsFreshToken = false;
      token = fresh ? await tokens.refresh() : await tokens.get();
    } catch {
      return this.retry();
    }
    if (this.current === 'closed') return;
    const url = new URL(this.options.wsUrl);
    url.searchParams.set('token', token);
    let socket: SocketLike;
    try {
      socket = this.options.socket(url.toString());
    } catch {
      return this.retry();
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      const resumed = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.lastFrameAt = Date.now();
      this.setState('open');
      this.schedule();
      this.emit('open', { resumed });
    });
    socket.addEventListener('message', ({ data }) => {
      if (this.socket !== socket) return;
      this.lastFrameAt = Date.now();
      const event = parse(data);
      if (!event) return;
      // The server answers a frame after the token's end with a 401 and closes: come back with a fresh token.
      if (event.type === 'error' && event.status === 401) this.needsFreshToken = true;
      this.emit('event', event);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.retry();
    });
  }

  /** Closes the socket we have (if any) and lets the close path reconnect. */
  private drop() {
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(4000, 'reconnecting');
    this.retry();
  }

  private retry() {
    if (this.current === 'closed') return;
    this.clearTimers();
    if (this.current === 'open') this.setState('reconnecting');
    if (this.offline()) return; // the `online` event brings us back
    const delay = this.attempt === 0 ? 0 : backoffDelay(this.attempt - 1, this.options.backoff, this.options.random);
    this.attempt += 1;
    this.timers.push(setTimeout(() => void this.open(), delay));
  }

  /** While open: a ping every interval, a dead-socket check after each, and a renewal before the token ends. */
  private schedule() {
    const { pingIntervalMs, pongTimeoutMs } = this.options;
    const ping = () => {
      const sentAt = Date.now();
      if (!this.send({ action: 'ping' })) return;
      this.timers.push(
        setTimeout(() => {
          if (this.lastFrameAt < sentAt) this.drop();
        }, pongTimeoutMs),
        setTimeout(ping, pingIntervalMs),
      );
    };
    this.timers.push(setTimeout(ping, pingIntervalMs));
    const renewIn = this.options.tokens.msUntilRefresh();
    if (renewIn !== undefined) this.timers.push(setTimeout(() => this.reconnectNow(), renewIn));
  }

  private clearTimers() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  private setState(state: ConnectionState) {
    const previous = this.current;
    if (previous === state) return;
    this.current = state;
    this.emit('state', { state, previous });
  }

  private offline() {
    return typeof navigator !== 'undefined' && navigator.onLine === false;
  }

  private readonly onOffline = () => {
    if (this.current === 'closed') return;
    this.setState('reconnecting');
    this.drop();
  };

  private readonly onOnline = () => {
    if (this.current !== 'reconnecting' || this.socket) return;
    this.attempt = 0;
    this.retry();
  };

  private listenToBrowser(on: boolean) {
    if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    const method = on ? 'addEventListener' : 'removeEventListener';
    window[method]('offline', this.onOffline);
    window[method]('online', this.onOnline);
  }
}

const parse = (data: unknown): ServerEvent | undefined => {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
      ? (value as ServerEvent)
      : undefined;
  } catch {
    return undefined;
  }
};
