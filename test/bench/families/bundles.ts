import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Format } from 'esbuild';
import { HANDLER_BUNDLING, REPO_ROOT } from '../../../infra/constructs/handler-function';
import { httpRoutes, STREAM_HANDLER_ENTRY, webSocketRoutes } from '../../../infra/routes';
import type { FamilyResult, Row } from '../report/row';
import { verdicts } from '../report/row';
import { median } from '../support/stats';

const MAX_BUNDLE_BYTES = 150 * 1024;
const MAX_INIT_RATIO = 0.5;
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

interface Bundle { name: string; entry: string; file: string; bytes: number; initMs: number[] }

/**
 * Row 1: every handler of the route list bundled as CDK bundles it, its minified size, and its module init
 * time (importing the bundle in a fresh Node process, the SDK resolved from node_modules as the Lambda runtime
 * provides it), next to a naive baseline bundle built in the same run.
 */
export const measureBundles = async (options: { outDir: string; initRuns: number }): Promise<FamilyResult> => {
  const dir = join(options.outDir, 'bundles');
  await mkdir(dir, { recursive: true });
  const entries = [
    ...httpRoutes.map((r) => ({ name: r.name, entry: r.entry })),
    ...webSocketRoutes.map((r) => ({ name: `WebSocket${r.name}`, entry: r.entry })),
    { name: 'TableStream', entry: STREAM_HANDLER_ENTRY },
  ];
  const bundles: Bundle[] = [];
  for (const { name, entry } of entries) bundles.push(await bundle(name, entry, join(dir, `${name}.mjs`), deployedOptions()));
  const baseline = await bundle('Baseline', BASELINE_ENTRY, join(dir, 'baseline-naive.cjs'), naiveOptions());

  // Round-robin, so a burst of load on the machine hits every bundle alike.
  for (let run = 0; run < options.initRuns; run++) {
    for (const b of [baseline, ...bundles]) b.initMs.push(await initTime(b.file));
  }

  const baselineInit = median(baseline.initMs);
  const rows: Row[] = bundles.map((b) => {
    const init = median(b.initMs);
    const ratio = init / baselineInit;
    return {
      family: '1',
      subject: `bundle + init: ${b.name}`,
      measured: `${kib(b.bytes)} · init ${init.toFixed(1)} ms (${ratio.toFixed(2)}× baseline)`,
      goal: `≤ 150 KiB · ≤ ${MAX_INIT_RATIO}× baseline`,
      verdict: verdicts(b.bytes <= MAX_BUNDLE_BYTES, ratio <= MAX_INIT_RATIO),
      data: { entry: b.entry, bytes: b.bytes, initMedianMs: init, initRatio: ratio, initRunsMs: b.initMs },
    };
  });
  const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const slowest = bundles.reduce((a, b) => (median(b.initMs) > median(a.initMs) ? b : a));
  const worstRatio = median(slowest.initMs) / baselineInit;
  rows.push(
    {
      family: '1',
      subject: 'baseline: naive send-message (middy + zod + document client, esbuild defaults)',
      measured: `${kib(baseline.bytes)} unminified · init ${baselineInit.toFixed(1)} ms`,
      goal: '(reference)',
      verdict: '',
      data: { entry: baseline.entry, bytes: baseline.bytes, initMedianMs: baselineInit, initRunsMs: baseline.initMs },
    },
    {
      family: '1',
      subject: 'goal: largest bundle',
      measured: `${kib(largest.bytes)} (${largest.name})`,
      goal: '≤ 150 KiB',
      verdict: verdicts(largest.bytes <= MAX_BUNDLE_BYTES),
      data: { handler: largest.name, bytes: largest.bytes },
    },
    {
      family: '1',
      subject: 'goal: slowest init vs baseline',
      measured: `${median(slowest.initMs).toFixed(1)} ms (${slowest.name}) = ${worstRatio.toFixed(2)}× baseline, median of ${options.initRuns}`,
      goal: `≤ ${MAX_INIT_RATIO}×`,
      verdict: verdicts(worstRatio <= MAX_INIT_RATIO),
      data: { handler: slowest.name, initMedianMs: median(slowest.initMs), ratio: worstRatio, runs: options.initRuns },
    },
  );
  return { rows };
};

const bundle = async (name: string, entry: string, file: string, options: BuildOptions): Promise<Bundle> => {
  await build({ ...options, entryPoints: [join(REPO_ROOT, entry)], outfile: file, write: true });
  return { name, entry, file, bytes: (await stat(file)).size, initMs: [] };
};

const run = promisify(execFile);

// Times only the import: Node's own start-up is the same for every bundle and is left out.
const IMPORT_AND_TIME = 'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

/** Module init of one bundle in a fresh Node process, in ms. The bundle lives in the repo, so `@aws-sdk/*` resolves from node_modules. */
const initTime = async (file: string): Promise<number> => {
  const env = {
    PATH: process.env.PATH ?? '',
    TABLE_NAME: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    LOG_LEVEL: 'CRITICAL',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IMPORT_AND_TIME, pathToFileURL(file).href], { env });
  return Number(stdout);
};

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
