import { execFile } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { bundleHandler, REPO_ROOT } from '#infra/bundling/handler-bundle';
import {
  emailStreamHandler,
  httpRoutes,
  inboundMailHandler,
  streamHandler,
  webSocketAuthorizer,
  webSocketRoutes,
} from '#infra/routes/index';
import type { FamilyResult, Row } from '#test/bench/report/row';
import { verdicts } from '#test/bench/report/row';
import type { BenchContext } from '#test/bench/support/bench-context';
import { benchWorld, must } from '#test/bench/support/bench-world';
import { median } from '#test/bench/support/stats';

const MAX_INIT_RATIO = 0.3;
const EMPTY_ENTRY = 'test/bench/baseline/empty-handler.ts';
const DYNAMODB_ONLY_ENTRY = 'test/bench/baseline/dynamodb-only-handler.ts';
const BASELINE_ENTRY = 'test/bench/baseline/naive-send-message.ts';

/** esbuild's defaults for a Node bundle, as a quick start guide would write it: everything bundled, nothing minified. */
const naiveOptions = (): BuildOptions => ({ bundle: true, platform: 'node', logLevel: 'error' });

interface InitSample {
  cpuMs: number;
  wallMs: number;
}
interface Bundle {
  name: string;
  entry: string;
  /** What init imports: the entry file. */
  file: string;
  /** What init loads: the entry file and the chunks it imports statically. */
  bytes: number;
  /** The whole artifact, lazy chunks included. */
  totalBytes: number;
  init: InitSample[];
}

/**
 * Row 1: every handler of the route list bundled as CDK bundles it (bundleHandler), its minified size (what init
 * loads: index.mjs and the chunks it imports; and the whole artifact with its lazy chunks), and its module init
 * time (importing the bundle in a fresh Node process, the SDK resolved from node_modules as the Lambda runtime
 * provides it), next to a naive baseline bundle built in the same run.
 *
 * Init is judged on CPU time (user + system, every thread of the process): it holds steady on a shared machine
 * where wall time swings with other load, and it is what a 512 MB Lambda, which gets about a third of a vCPU,
 * pays. Wall time is reported beside it.
 */
export const measureBundles = async (options: { outDir: string; initRuns: number }): Promise<FamilyResult> => {
  const dir = join(options.outDir, 'bundles');
  await mkdir(dir, { recursive: true });
  const entries = [
    ...httpRoutes.map((r) => ({ name: r.name, entry: r.entry })),
    ...webSocketRoutes.map((r) => ({ name: `WebSocket${r.name}`, entry: r.entry })),
    { name: `WebSocket${webSocketAuthorizer.name}`, entry: webSocketAuthorizer.entry },
    { name: 'TableStream', entry: streamHandler.entry },
    { name: 'EmailStream', entry: emailStreamHandler.entry },
    { name: 'InboundMail', entry: inboundMailHandler.entry },
  ];
  const bundles: Bundle[] = [];
  for (const { name, entry } of entries) bundles.push(await deployed(name, entry, join(dir, name)));
  const baseline = await naive('Baseline', BASELINE_ENTRY, join(dir, 'baseline-naive.cjs'));
  // The floor: an empty handler, to show how close to Node's own module loading the handlers are.
  const empty = await deployed('Empty handler', EMPTY_ENTRY, join(dir, 'floor-empty'));
  // The floor of anything that uses the table: the DynamoDB document client alone.
  const dynamoOnly = await deployed('DynamoDB client only', DYNAMODB_ONLY_ENTRY, join(dir, 'floor-dynamodb-only'));
  // What-if, for the size/init trade-off: the same send handler loading the runtime's SDK instead.
  const sendEntry = httpRoutes.find((r) => r.name === 'SendMessage')!.entry;
  const sdkOutside = await deployed('SendMessage, runtime SDK', sendEntry, join(dir, 'what-if-send-sdk-external'), {
    external: ['@aws-sdk/*'],
  });

  // Round-robin, so a burst of load on the machine hits every bundle alike.
  for (let run = 0; run < options.initRuns; run++) {
    for (const b of [baseline, empty, dynamoOnly, sdkOutside, ...bundles]) b.init.push(await initTime(b.file));
  }

  const base = medians(baseline);
  const ratioOf = (b: Bundle) => medians(b).cpuMs / base.cpuMs;
  const initText = (b: Bundle) => {
    const m = medians(b);
    return `init ${m.cpuMs.toFixed(0)} ms CPU (${ratioOf(b).toFixed(2)}× baseline), ${m.wallMs.toFixed(0)} ms wall (${(m.wallMs / base.wallMs).toFixed(2)}×)`;
  };
  const rows: Row[] = bundles.map((b) => ({
    family: '1',
    subject: `bundle + init: ${b.name}`,
    measured: `${sizeText(b)} · ${initText(b)}`,
    goal: `≤ ${MAX_INIT_RATIO}× baseline (size: report)`,
    verdict: verdicts(ratioOf(b) <= MAX_INIT_RATIO),
    data: {
      entry: b.entry,
      bytes: b.bytes,
      totalBytes: b.totalBytes,
      init: medians(b),
      initRatioCpu: ratioOf(b),
      runs: b.init,
    },
  }));
  const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const slowest = bundles.reduce((a, b) => (ratioOf(b) > ratioOf(a) ? b : a));
  rows.push(
    {
      family: '1',
      subject: 'baseline: naive send-message (middy + zod + document client, esbuild defaults)',
      measured: `${kib(baseline.bytes)} unminified CJS · init ${base.cpuMs.toFixed(0)} ms CPU, ${base.wallMs.toFixed(0)} ms wall`,
      goal: '(reference)',
      verdict: '',
      data: { entry: baseline.entry, bytes: baseline.bytes, init: base, runs: baseline.init },
    },
    {
      family: '1',
      subject: 'floor: an empty handler, bundled the same way',
      measured: `${sizeText(empty)} · ${initText(empty)}`,
      goal: '(reference)',
      verdict: '',
      data: { bytes: empty.bytes, init: medians(empty), runs: empty.init },
    },
    {
      family: '1',
      subject: 'floor: a handler with only the DynamoDB document client, bundled the same way',
      measured: `${sizeText(dynamoOnly)} · ${initText(dynamoOnly)}`,
      goal: '(reference)',
      verdict: '',
      data: {
        bytes: dynamoOnly.bytes,
        totalBytes: dynamoOnly.totalBytes,
        init: medians(dynamoOnly),
        runs: dynamoOnly.init,
      },
    },
    {
      family: '1',
      subject: 'what-if: SendMessage loading the runtime’s AWS SDK (not deployed)',
      measured: `${sizeText(sdkOutside)} · ${initText(sdkOutside)}`,
      goal: '(report)',
      verdict: '',
      data: { bytes: sdkOutside.bytes, init: medians(sdkOutside), runs: sdkOutside.init },
    },
    {
      family: '1',
      subject: 'largest bundle (report: the SDK is inside)',
      measured: `${sizeText(largest)} (${largest.name})`,
      goal: '(report)',
      verdict: '',
      data: { handler: largest.name, bytes: largest.bytes, totalBytes: largest.totalBytes },
    },
    {
      family: '1',
      subject: `goal: slowest init vs baseline (CPU, median of ${options.initRuns})`,
      measured: `${medians(slowest).cpuMs.toFixed(0)} ms (${slowest.name}) = ${ratioOf(slowest).toFixed(2)}× baseline`,
      goal: `≤ ${MAX_INIT_RATIO}×`,
      verdict: verdicts(ratioOf(slowest) <= MAX_INIT_RATIO),
      data: { handler: slowest.name, init: medians(slowest), ratio: ratioOf(slowest), runs: options.initRuns },
    },
  );
  return { rows };
};

const medians = (b: Bundle): InitSample => ({
  cpuMs: median(b.init.map((s) => s.cpuMs)),
  wallMs: median(b.init.map((s) => s.wallMs)),
});

/** A handler bundled exactly as CDK bundles it (bundleHandler): index.mjs and its chunks in `outdir`. */
const deployed = async (name: string, entry: string, outdir: string, overrides: BuildOptions = {}): Promise<Bundle> => {
  await rm(outdir, { recursive: true, force: true });
  const { metafile } = bundleHandler(entry, outdir, overrides);
  const outputs = Object.entries(metafile.outputs);
  const index = outputs.find(([path]) => path.endsWith('/index.mjs'))![0];
  return {
    name,
    entry,
    file: join(outdir, 'index.mjs'),
    bytes: loadedAtInit(metafile, index),
    totalBytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
    init: [],
  };
};

/** The bytes of `output` and of every chunk it imports statically, transitively: what importing it loads. */
const loadedAtInit = (metafile: Metafile, output: string): number => {
  const seen = new Set<string>();
  const pending = [output];
  let bytes = 0;
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    const out = metafile.outputs[path]!;
    bytes += out.bytes;
    for (const i of out.imports) if (i.kind === 'import-statement' && !i.external) pending.push(i.path);
  }
  return bytes;
};

const naive = async (name: string, entry: string, file: string): Promise<Bundle> => {
  await build({ ...naiveOptions(), entryPoints: [join(REPO_ROOT, entry)], outfile: file, write: true });
  const bytes = (await stat(file)).size;
  return { name, entry, file, bytes, totalBytes: bytes, init: [] };
};

const run = promisify(execFile);

// Times only the import: Node's own start-up is the same for every bundle and is left out.
const IMPORT_AND_TIME = [
  'const cpu = process.cpuUsage(); const t = performance.now();',
  'await import(process.argv[1]);',
  'const wallMs = performance.now() - t; const used = process.cpuUsage(cpu);',
  'process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, wallMs }));',
].join(' ');

/** Module init of one bundle in a fresh Node process. The bundle lives in the repo, so `@aws-sdk/*` resolves from node_modules. */
const initTime = async (file: string): Promise<InitSample> => {
  const env = {
    PATH: process.env.PATH ?? '',
    TABLE_NAME: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    LOG_LEVEL: 'CRITICAL',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_AND_TIME, pathToFileURL(file).href],
    { env },
  );
  return JSON.parse(stdout) as InitSample;
};

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
/** Size as the table shows it: what init loads, and the whole artifact when lazy chunks add to it. */
const sizeText = (b: Bundle) =>
  b.totalBytes > b.bytes ? `${kib(b.bytes)} at init (${kib(b.totalBytes)} in all)` : kib(b.bytes);

interface FirstCallSample {
  initMs: number;
  firstMs: number;
  secondMs: number;
}

// Init, then two sends through the handler, each timed in CPU; the handler must answer 201 both times.
const INIT_AND_TWO_CALLS = [
  'const [bundle, event] = [process.argv[1], JSON.parse(process.argv[2])];',
  'const context = { functionName: "SendMessage", awsRequestId: "bench", getRemainingTimeInMillis: () => 10000 };',
  'const cpuMs = async (run) => { const c = process.cpuUsage(); await run(); const u = process.cpuUsage(c); return (u.user + u.system) / 1000; };',
  'let handler;',
  'const initMs = await cpuMs(async () => { ({ handler } = await import(bundle)); });',
  'const call = async (text) => { const r = await handler({ ...event, body: JSON.stringify({ text }) }, context); if (r.statusCode !== 201) throw new Error(r.statusCode + " " + r.body); };',
  'const firstMs = await cpuMs(() => call("Call me on +1 415 555 2671, or see shop.example"));',
  'const secondMs = await cpuMs(() => call("And a second message."));',
  'process.stdout.write(JSON.stringify({ initMs, firstMs, secondMs }));',
].join(' ');

/**
 * Row 1, what lazy loading moves: a cold start of the deployed SendMessage bundle as a whole, in a fresh Node
 * process against the bench's local stack: its init, its first call (the token secret's first use, the first
 * DynamoDB requests and their connections, and whatever chunk the call loads) and a second call, all in CPU time.
 * Twice: in a tenant whose policy lets contact information through, and in one that masks it (the first call then
 * also loads the phone-number chunk).
 */
export const measureFirstCall = async (
  ctx: BenchContext,
  options: { outDir: string; runs: number },
): Promise<FamilyResult> => {
  const outdir = join(options.outDir, 'bundles', 'first-call-send');
  await rm(outdir, { recursive: true, force: true });
  bundleHandler(httpRoutes.find((r) => r.name === 'SendMessage')!.entry, outdir);
  const bundle = pathToFileURL(join(outdir, 'index.mjs')).href;
  const env = {
    PATH: process.env.PATH ?? '',
    ...ctx.stack.env,
    LOG_LEVEL: 'CRITICAL',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  const rows: Row[] = [];
  for (const masking of [false, true]) {
    const w = await benchWorld(ctx.call, masking ? 'first-call-mask' : 'first-call');
    if (masking) must(await ctx.call('PUT', '/v1/policy', { token: w.service, body: { contactInfo: 'mask' } }), 200);
    const { id } = await w.openProductConversation(w.customer, { message: 'Is it in stock?' });
    const event = sendEvent(id, w.seller.token);
    const samples: FirstCallSample[] = [];
    for (let i = 0; i < options.runs; i++) {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', INIT_AND_TWO_CALLS, bundle, event], {
        env,
      });
      samples.push(JSON.parse(stdout) as FirstCallSample);
    }
    const m = (key: keyof FirstCallSample) => median(samples.map((s) => s[key]));
    rows.push({
      family: '1',
      subject: `cold start as a whole: SendMessage init + first call${masking ? ', tenant masks contact info' : ''}`,
      measured: `init ${m('initMs').toFixed(0)} ms + first call ${m('firstMs').toFixed(0)} ms CPU (second call ${m('secondMs').toFixed(0)} ms)`,
      goal: '(report)',
      verdict: '',
      data: { masking, init: m('initMs'), firstCall: m('firstMs'), secondCall: m('secondMs'), runs: samples },
    });
  }
  return { rows };
};

/** POST /v1/conversations/{id}/messages as API Gateway hands it to the function (the body is set per call). */
const sendEvent = (conversationId: string, token: string) => {
  const path = `/v1/conversations/${conversationId}/messages`;
  const routeKey = 'POST /v1/conversations/{id}/messages';
  return JSON.stringify({
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    pathParameters: { id: conversationId },
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'bench',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  });
};
