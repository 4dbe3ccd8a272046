import WebSocket from 'ws';

export type WsEvent = { type: string; [key: string]: unknown };
/** A frame and when it arrived (performance.now(), taken before the frame is parsed). */
export interface Arrival {
  at: number;
  event: WsEvent;
}

/**
 * A real WebSocket client of the stack's gateway, connected with `?token=` like a browser, that notes the
 * arrival time of every frame. Frames nobody waited for are kept until `next` takes them.
 */
export class WsListener {
  private readonly pending: Arrival[] = [];
  private readonly waiters: Array<{ test: (e: WsEvent) => boolean; resolve: (a: Arrival) => void }> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const at = performance.now();
      const arrival = { at, event: JSON.parse(data.toString()) as WsEvent };
      const index = this.waiters.findIndex((w) => w.test(arrival.event));
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(arrival);
      else this.pending.push(arrival);
    });
  }

  static connect(url: string, token: string): Promise<WsListener> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${url}/?token=${encodeURIComponent(token)}`);
      socket.once('unexpected-response', (_req, res) => {
        reject(new Error(`WebSocket upgrade refused with ${res.statusCode}`));
        socket.terminate();
      });
      socket.once('error', reject);
      socket.once('open', () => resolve(new WsListener(socket)));
    });
  }

  /** The first frame (already arrived or still to come) that matches; removes it. */
  next(test: (e: WsEvent) => boolean = () => true, timeoutMs = 5_000): Promise<Arrival> {
    const index = this.pending.findIndex((a) => test(a.event));
    if (index >= 0) return Promise.resolve(this.pending.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: (a: Arrival) => {
          clearTimeout(timer);
          resolve(a);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching WebSocket frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Forgets frames that arrived and were not taken (e.g. the pushes of a warm-up). */
  clear() {
    this.pending.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
