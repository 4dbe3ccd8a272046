import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CLIENT_TIMEOUTS } from '#infra/local/client-errors';
import { startHttpGateway } from '#infra/local/http-gateway';
import { startSesLocal } from '#infra/local/ses-local';
import { startWebSocketGateway } from '#infra/local/ws-gateway';
import type { HttpRouteDef, WebSocketRouteDef } from '#infra/routes/index';
import { call } from '#test/support/http/client';
import { clientFrame, rawExchange, rawWebSocket, serverCloseCode, upgradeRequest } from '#test/support/net/raw';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

/*
 * The local stack must never die from a client (hardening item 1): every hostile case below goes to the run's
 * shared stack (the global setup, the gateway code `npm start` runs), and after each the stack must still answer
 * /health, a real API call and a WebSocket ping, with the data stored before it still there. A crash would end
 * the test run itself, since the stack lives in vitest's main process.
 */

const httpUrl = inject('httpUrl');
const wsUrl = inject('wsUrl');
const MAX_MESSAGE = 128 * 1024;
const FIRST_MESSAGE = 'Stored before the hostile clients came';

let world: Awaited<ReturnType<typeof newWorld>>;
let conversationId: string;
let token: string;

beforeAll(async () => {
  world = await newWorld();
  conversationId = (await world.openProductConversation({ message: FIRST_MESSAGE })).id;
  token = encodeURIComponent(world.customer.token);
});
afterEach(closeAllWs);

/** The stack still serves: health, a real API read of data stored before, a WebSocket round trip. */
const stillServes = async () => {
  const health = await fetch(`${httpUrl}/health`);
  expect(health.status).toBe(200);
  const messages = await call('GET', `/v1/conversations/${conversationId}/messages`, { token: world.customer.token });
  expect(messages.status).toBe(200);
  expect(messages.body.items.map((m: { text: string }) => m.text)).toContain(FIRST_MESSAGE);
  const client = await connectWs(world.customer.token);
  client.send({ action: 'ping' });
  expect(await client.next()).toEqual({ type: 'pong' });
  await client.close();
};

/** Connects with a valid token, lets `act` misbehave, and returns the code the gateway closed the socket with. */
const closeCodeAfter = (act: (socket: WebSocket) => void) =>
  new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}/?token=${token}`);
    socket.on('open', () => act(socket));
    socket.on('close', (code) => resolve(code));
    socket.on('error', () => undefined); // e.g. EPIPE while still sending after the server closed
    setTimeout(() => reject(new Error('the gateway did not close the connection')), 5_000);
  });

describe('hostile WebSocket clients', () => {
  it('closes a message over 128 KiB with 1009, in one frame or reassembled from several', async () => {
    expect(await closeCodeAfter((s) => s.send('x'.repeat(MAX_MESSAGE + 1)))).toBe(1009);
    await stillServes();
    const third = Math.ceil((MAX_MESSAGE + 1) / 3);
    const fragmented = await closeCodeAfter((s) => {
      s.send('{"action":"ping",', { fin: false });
      s.send('x'.repeat(third), { fin: false });
      s.send('x'.repeat(third), { fin: false });
      s.send(`${'x'.repeat(third)}"}`, { fin: true });
    });
    expect(fragmented).toBe(1009);
    await stillServes();
  });

  it('closes a text frame of invalid UTF-8 with 1007', async () => {
    const code = await closeCodeAfter((s) =>
      s.send(Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]), { binary: false }),
    );
    expect(code).toBe(1007);
    await stillServes();
  });

  it('closes on a binary frame with 1003, as API Gateway does', async () => {
    expect(await closeCodeAfter((s) => s.send(Buffer.from('{"action":"ping"}'), { binary: true }))).toBe(1003);
    await stillServes();
  });

  it('closes a protocol violation (unmasked frame, reserved opcode) with 1002', async () => {
    const unmasked = await rawWebSocket(wsUrl, `/?token=${token}`);
    unmasked.write(Buffer.from([0x81, 0x02, 0x68, 0x69])); // "hi" without the MASK bit a client must set
    expect(await serverCloseCode(unmasked)).toBe(1002);
    const reserved = await rawWebSocket(wsUrl, `/?token=${token}`);
    reserved.write(clientFrame(0x3, Buffer.from('hi')));
    expect(await serverCloseCode(reserved)).toBe(1002);
    await stillServes();
  });

  it('survives a reset mid-upgrade: while the headers arrive, while $connect runs, right after the 101', async () => {
    const request = upgradeRequest(`/?token=${token}`);
    await Promise.all([
      rawExchange(wsUrl, [request.slice(0, 40)], { ending: 'reset' }),
      ...[0, 5, 20, 50, 100].map((delayMs) => rawExchange(wsUrl, [request], { ending: 'reset', delayMs })),
      rawExchange(wsUrl, [upgradeRequest('/?token=not-a-jwt')], { ending: 'reset' }),
    ]);
    await stillServes();
  });

  it('survives a reset mid-frame and a frame that claims more than is ever sent', async () => {
    const cut = await rawWebSocket(wsUrl, `/?token=${token}`);
    cut.write(clientFrame(0x1, Buffer.from('{"action":"pi'), { declaredLength: 1_000 }));
    await new Promise((r) => setTimeout(r, 50));
    cut.resetAndDestroy();
    const huge = await rawWebSocket(wsUrl, `/?token=${token}`);
    huge.write(clientFrame(0x1, Buffer.from('x'), { declaredLength: 2 ** 40 })); // a 1 TiB frame
    expect(await serverCloseCode(huge)).toBe(1009);
    await stillServes();
  });

  it('answers a half-sent, malformed or non-WebSocket upgrade with an error, not a crash', async () => {
    const half = await rawExchange(wsUrl, [upgradeRequest(`/?token=${token}`).slice(0, 60)], { ending: 'fin' });
    expect(half.status).toBe(400);
    const noKey = await rawExchange(wsUrl, [
      `GET /?token=${token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
    ]);
    expect(noKey.status).toBe(400);
    const badTarget = await rawExchange(wsUrl, [upgradeRequest('http://[x/')]);
    expect(badTarget.status).toBe(400);
    const garbage = await rawExchange(wsUrl, [
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03]),
    ]);
    expect(garbage.status).toBe(400); // a TLS ClientHello (wss:// to a ws:// port)
    await stillServes();
  });

  it('answers a malformed @connections id with 400 and a cut-off @connections body without dying', async () => {
    const badId = await fetch(`${wsUrl.replace('ws:', 'http:')}/@connections/%E0%A4%A`, { method: 'POST', body: 'x' });
    expect(badId.status).toBe(400);
    await rawExchange(wsUrl, ['POST /@connections/abc HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf'], {
      ending: 'reset',
      delayMs: 20,
    });
    await stillServes();
  });
});

describe('hostile HTTP clients', () => {
  it('answers garbage and malformed request lines and headers with 400', async () => {
    const malformed = [
      '\x00\x01\x02\xff garbage\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      'G@T / HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nBad\x7fName: v\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n',
      'POST /v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'POST /v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      'POST /v1/conversations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    ];
    for (const request of malformed) {
      const reply = await rawExchange(httpUrl, [request]);
      expect(reply.status, JSON.stringify(request)).toBe(400);
    }
    await stillServes();
  });

  it('answers a request target that is not a URL with 400, and an invalid percent-encoding with a 4xx', async () => {
    const notUrl = await rawExchange(httpUrl, ['GET http://[x/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(notUrl.status).toBe(400);
    for (const path of [
      `/v1/conversations/%E0%A4%A/messages`,
      `/v1/conversations/%ZZ`,
      `/v1/conversations/${conversationId}/messages?cursor=%E0%A4%A&limit=%ZZ`,
      `/v1/conversations?cursor=%C0%AF`,
    ]) {
      const reply = await call('GET', path, { token: world.customer.token, parse: false });
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.status, path).toBeLessThan(500);
    }
    await stillServes();
  });

  it('answers headers over the limit with 431', async () => {
    const huge = await rawExchange(httpUrl, [
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    ]);
    expect(huge.status).toBe(431);
    await stillServes();
  });

  it('survives a body that is cut off (FIN) or reset mid-way', async () => {
    const head = (length: number) =>
      `POST /v1/conversations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${world.customer.token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    await Promise.all([
      rawExchange(httpUrl, [head(500), '{"productId":"p-'], { ending: 'fin' }),
      rawExchange(httpUrl, [head(500), '{"productId":"p-'], { ending: 'reset', delayMs: 20 }),
      rawExchange(httpUrl, [head(20 * 1024 * 1024), 'x'.repeat(64 * 1024)], { ending: 'reset', delayMs: 20 }),
      rawExchange(httpUrl, [head(17), '{"productId":"p-1"}'.slice(0, 17)], { ending: 'reset' }), // whole, then gone
    ]);
    await stillServes();
  });

  it('treats an Upgrade sent to the HTTP port as a plain request', async () => {
    const reply = await rawExchange(httpUrl, [
      upgradeRequest('/health').replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'),
    ]);
    expect(reply.status).toBe(200);
    await stillServes();
  });
});

describe('slow and many clients', () => {
  it(
    'cuts off slowloris clients (headers dripping in) on both ports with 408 while serving everyone else',
    async () => {
      const started = Date.now();
      const slow = (url: string) =>
        new Promise<{ status: number | undefined; afterMs: number }>((resolve) => {
          const { hostname, port } = new URL(url);
          const socket = connect(Number(port), hostname);
          let text = '';
          const drip = setInterval(() => socket.write(`X-Drip-${Date.now()}: 1\r\n`), 500);
          socket.on('connect', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'));
          socket.on('data', (chunk) => (text += chunk.toString('latin1')));
          socket.on('error', () => undefined);
          socket.on('close', () => {
            clearInterval(drip);
            resolve({
              status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]) || undefined,
              afterMs: Date.now() - started,
            });
          });
        });
      const clients = [
        ...Array.from({ length: 10 }, () => slow(httpUrl)),
        ...Array.from({ length: 10 }, () => slow(wsUrl)),
      ];
      await new Promise((r) => setTimeout(r, 1_000));
      await stillServes();
      const ended = await Promise.all(clients);
      const bound = CLIENT_TIMEOUTS.headersTimeout + 2 * CLIENT_TIMEOUTS.connectionsCheckingInterval + 2_000;
      for (const { status, afterMs } of ended) {
        expect(status).toBe(408);
        expect(afterMs).toBeLessThan(bound);
      }
      await stillServes();
    },
    CLIENT_TIMEOUTS.headersTimeout + 15_000,
  );

  it('survives a flood of connections on both ports (bounded: 200 each, loopback)', async () => {
    const flood = (url: string) =>
      Array.from({ length: 200 }, (_, i) =>
        i % 3 === 0
          ? rawExchange(url, ['GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], { waitMs: 10_000 })
          : rawExchange(url, [], { ending: i % 3 === 1 ? 'reset' : 'fin', waitMs: 10_000 }),
      );
    const started = Date.now();
    const replies = await Promise.all([...flood(httpUrl), ...flood(wsUrl)]);
    expect(Date.now() - started).toBeLessThan(15_000);
    // Every /health request on the HTTP port was answered (the WebSocket port answers 426 to plain requests).
    expect(
      replies
        .slice(0, 200)
        .filter((_, i) => i % 3 === 0)
        .every((r) => r.status === 200),
    ).toBe(true);
    await stillServes();
  }, 25_000);
});

/*
 * Handler faults and the log lines: gateways of this test's own (the same startHttpGateway/startWebSocketGateway
 * code) with a route list of faulty handlers, in this worker, so their console output can be watched. A crash
 * here would end the worker and fail the run.
 */
describe('faulty handlers and what the gateways log', () => {
  const entry = 'test/support/net/faulty-handler.ts';
  const table = { actions: [] };
  const httpRoutes: HttpRouteDef[] = ['throws', 'rejects', 'no-result', 'bad-status', 'bad-body', 'fine'].map(
    (mode) => ({ name: `Faulty${mode}`, method: 'GET' as const, path: `/${mode}`, entry, table }),
  );
  const wsRoutes: WebSocketRouteDef[] = ['$connect', '$default', '$disconnect'].map((routeKey) => ({
    name: `Faulty${routeKey.slice(1)}`,
    routeKey,
    entry,
    table,
  }));
  let http: Awaited<ReturnType<typeof startHttpGateway>>;
  let ws: Awaited<ReturnType<typeof startWebSocketGateway>>;
  const logged = { error: vi.fn(), warn: vi.fn() };

  beforeAll(async () => {
    vi.stubEnv('LOG_LEVEL', 'WARN'); // the run's CRITICAL would silence the lines under test
    vi.spyOn(console, 'error').mockImplementation(logged.error);
    vi.spyOn(console, 'warn').mockImplementation(logged.warn);
    http = await startHttpGateway(httpRoutes, 0);
    ws = await startWebSocketGateway(wsRoutes, 0);
  });
  afterAll(async () => {
    await http?.stop();
    await ws?.stop();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('answers 500 for a handler that throws, rejects or returns nonsense, and keeps serving', async () => {
    for (const mode of ['throws', 'rejects', 'no-result', 'bad-status', 'bad-body']) {
      expect((await fetch(`${http.url}/${mode}`)).status, mode).toBe(500);
    }
    expect(await (await fetch(`${http.url}/fine`)).text()).toBe('fine');
    // A handler's own bug is logged with its stack: that is for the developer to fix.
    expect(logged.error).toHaveBeenCalledWith('local gateway error', expect.any(Error));
  });

  it('refuses the upgrade with 500 when $connect fails, and answers a failing route with an error frame', async () => {
    for (const mode of ['throws', 'rejects']) {
      const refused = await rawExchange(ws.url, [upgradeRequest(`/?mode=${mode}`)]);
      expect(refused.status, mode).toBe(500);
    }
    const socket = new WebSocket(`${ws.url}/?mode=fine`);
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(String(data)));
    await new Promise((r) => socket.once('open', r));
    socket.send('throws');
    socket.send('rejects');
    await eventually(async () => expect(frames).toHaveLength(2));
    for (const frame of frames) expect(JSON.parse(frame)).toMatchObject({ message: 'Internal server error' });
    socket.close(); // runs the failing $disconnect: logged, nothing else
    await eventually(async () =>
      expect(logged.error).toHaveBeenCalledWith('local $disconnect error', expect.any(Error)),
    );
  });

  it("logs a client's fault in one short line, and a client going away not at all", async () => {
    logged.warn.mockClear();
    const socket = new WebSocket(`${ws.url}/?mode=fine`);
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('open', r));
    socket.send('x'.repeat(MAX_MESSAGE + 1));
    await new Promise((r) => socket.once('close', r));
    await rawExchange(http.url, ['G@T / HTTP/1.1\r\n\r\n']);
    await rawExchange(ws.url, [upgradeRequest('/?mode=fine')], { ending: 'reset' });
    await eventually(async () => expect(logged.warn).toHaveBeenCalledTimes(2));
    const lines = logged.warn.mock.calls.map(([line]) => line as string);
    expect(lines[0]).toMatch(
      /^local ws gateway: closed .+: Max payload size exceeded \(WS_ERR_UNSUPPORTED_MESSAGE_LENGTH\)$/,
    );
    expect(lines[1]).toMatch(/^local http gateway: refused a request: .*\(HPE_INVALID_METHOD\)$/);
  });
});

describe('the local SES twin', () => {
  it('runs in a child process: a request that crashes aws-ses-v2-local restarts the twin, not the stack', async () => {
    vi.stubEnv('LOG_LEVEL', 'WARN');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ses = await startSesLocal(0);
    try {
      // aws-ses-v2-local 2.10.2 answers this twice and rejects unhandled: a crash of whatever process runs it.
      await fetch(`${ses.endpoint}/get-emlContent?messageId=no-such-email`);
      await eventually(async () => expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^local SES exited/)));
      await eventually(async () => expect((await fetch(`${ses.endpoint}/store`)).status).toBe(200));
    } finally {
      await ses.stop();
      warn.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});
