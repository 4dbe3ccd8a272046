import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Format } from 'esbuild';
import { HANDLER_BUNDLING, REPO_ROOT } from '#infra/constructs/handler-function';
import {
  emailStreamHandler,
  httpRoutes,
  streamHandler,
  webSocketAuthorizer,
  webSocketRoutes,
} from '#infra/routes/index';
import type { FamilyResult, Row } from '#test/bench/report/row';
import { verdicts } from '#test/bench/report/row';
import { median } from '#test/bench/support/stats';

const MAX_INIT_RATIO = 0.3;
const EMPTY_ENTRY = 'test/bench/baseline/empty-handler.ts';
const BASELINE_ENTRY = 'test/bench/baseline/naive-send-message.ts';

/** The esbuild options CDK derives from HANDLER_BUNDLING (aws-lambda-nodejs turns the same props into these flags). */
const deployedOptions = (): BuildOptions => ({
  bundle: true,
  platform: 'node',
  target: HANDLER_BUNDLING.target,
  format: HANDLER_BUNDLING.format as Format,
  minify: HANDLER_BUNDLING.minify,
  sourcemap: HANDLER_BUNDLING.sourceMap,
  external: HANDLER_BUNDLING.externalModules,
  mainFields: HANDLER_BUNDLING.mainFields,
  banner: { js: HANDLER_BUNDLING.banner },
  logLevel: 'error',
});

/** esbuild's defaults for a Node bundle, as a quick start guide would write it: everything bundled, nothing minified. */
const naiveOptions = (): BuildOptions => ({ bundle: true, platform: 'node', logLevel: 'error' });

interface InitSample {
  cpuMs: number;
  wallMs: number;
}
interface Bundle {
  name: string;
  entry: string;
  file: string;
  bytes: number;
  init: InitSample[];
}

/**
 * Row 1: every handler of the route list bundled as CDK bundles it, its minified size, and its module init
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
  ];
  const bundles: Bundle[] = [];
  for (const { name, entry } of entries)
    bundles.push(await bundle(name, entry, join(dir, `${name}.mjs`), deployedOptions()));
  const baseline = await bundle('Baseline', BASELINE_ENTRY, join(dir, 'baseline-naive.cjs'), naiveOptions());
  // The floor: an empty handler, to show how close to Node's own module loading the handlers are.
  const empty = await bundle('Empty handler', EMPTY_ENTRY, join(dir, 'floor-empty.mjs'), deployedOptions());
  // What-if, for the size/init trade-off: the same send handler loading the runtime's SDK instead.
  const sendEntry = httpRoutes.find((r) => r.name === 'SendMessage')!.entry;
  const sdkOutside = await bundle('SendMessage, runtime SDK', sendEntry, join(dir, 'what-if-send-sdk-external.mjs'), {
    ...deployedOptions(),
    external: ['@aws-sdk/*'],
  });

  // Round-robin, so a burst of load on the machine hits every bundle alike.
  for (let run = 0; run < options.initRuns; run++) {
    for (const b of [baseline, empty, sdkOutside, ...bundles]) b.init.push(await initTime(b.file));
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
    measured: `${kib(b.bytes)} · ${initText(b)}`,
    goal: `≤ ${MAX_INIT_RATIO}× baseline (size: report)`,
    verdict: verdicts(ratioOf(b) <= MAX_INIT_RATIO),
    data: { entry: b.entry, bytes: b.bytes, init: medians(b), initRatioCpu: ratioOf(b), runs: b.init },
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
      measured: `${kib(empty.bytes)} · ${initText(empty)}`,
      goal: '(reference)',
      verdict: '',
      data: { bytes: empty.bytes, init: medians(empty), runs: empty.init },
    },
    {
      family: '1',
      subject: 'what-if: SendMessage loading the runtime’s AWS SDK (not deployed)',
      measured: `${kib(sdkOutside.bytes)} · ${initText(sdkOutside)}`,
      goal: '(report)',
      verdict: '',
      data: { bytes: sdkOutside.bytes, init: medians(sdkOutside), runs: sdkOutside.init },
    },
    {
      family: '1',
      subject: 'largest bundle (report: the SDK is inside)',
      measured: `${kib(largest.bytes)} (${largest.name})`,
      goal: '(report)',
      verdict: '',
      data: { handler: largest.name, bytes: largest.bytes },
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

const bundle = async (name: string, entry: string, file: string, options: BuildOptions): Promise<Bundle> => {
  await build({ ...options, entryPoints: [join(REPO_ROOT, entry)], outfile: file, write: true });
  return { name, entry, file, bytes: (await stat(file)).size, init: [] };
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
