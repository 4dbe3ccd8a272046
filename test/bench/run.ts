/**
 * `npm run bench`: starts the local stack on free ports, runs every measurement family, prints one table and
 * writes it to test/bench/results/ (bench.json, bench.md, scaling.svg). `BENCH_ONLY=2,3` runs some families.
 * Exits non-zero, after writing the results and listing them, when any row misses its goal.
 */
import '#test/bench/support/quiet-logs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '#infra/local/stack';
import { db, setDb } from '#shared/table/client';
import { measureBundles, measureFirstCall } from '#test/bench/families/bundles';
import { measureCost } from '#test/bench/families/cost';
import { priceMessageMix } from '#test/bench/families/message-mix';
import { measureOverhead } from '#test/bench/families/overhead';
import { measureRoundTrips } from '#test/bench/families/round-trips';
import { measureScaling } from '#test/bench/families/scaling';
import { renderText } from '#test/bench/report/render-table';
import type { FamilyResult } from '#test/bench/report/row';
import { writeResults } from '#test/bench/report/write-results';
import type { BenchContext } from '#test/bench/support/bench-context';
import { BENCH_PLATFORM } from '#test/bench/support/bench-world';
import { DynamoMeter } from '#test/bench/support/dynamo-meter';
import { TransactionPricer } from '#test/bench/support/transaction-pricer';
import { httpClient } from '#test/support/http/client';

const RESULTS_DIR = join(import.meta.dirname, 'results');
const numberFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (family: string) => !only || only.includes(family);
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

const startedAt = new Date();
const results: FamilyResult[] = [];

// Bundles first, before DynamoDB Local and the stack load the machine: init times are the noisiest figures.
if (wanted('1')) {
  progress('1/5 building every handler and timing module init in fresh processes');
  results.push(await measureBundles({ outDir: RESULTS_DIR, initRuns: numberFromEnv('BENCH_INIT_RUNS', 11) }));
}

// Family 1's first-call rows send through a bundle, so they need the stack too (after the init timings, on a quiet machine).
const needsStack = ['1', '2', '3', '4', '5'].some(wanted);
if (needsStack) {
  progress('starting the local stack (DynamoDB Local, stream poller, WebSocket and HTTP gateways) on free ports');
  // The bench measures what operations cost, and one seller sends hundreds of messages back to back: the per-user
  // send limit (still taken on every send, so its write is in the costs) is raised out of the way.
  process.env.SEND_RATE_PER_SECOND ??= '100000';
  process.env.SEND_BURST ??= '100000';
  process.env.COMPAT_PUBLIC_KEYS ??= JSON.stringify({ [BENCH_PLATFORM.key]: BENCH_PLATFORM.tenant });
  const stack = await startLocalStack({ ports: { http: 0, dynamodb: 0 }, tableName: 'chat-bench' });
  const pricer = await TransactionPricer.create();
  try {
    // The very client the handlers and the stream processor use, instrumented.
    setDb(undefined);
    const meter = new DynamoMeter(pricer);
    meter.install(db());
    const ctx: BenchContext = { stack, meter, call: httpClient(stack.urls.http) };
    if (wanted('1')) {
      progress('1/5 cold start of the send bundle as a whole: init, first and second call');
      results.push(await measureFirstCall(ctx, { outDir: RESULTS_DIR, runs: numberFromEnv('BENCH_INIT_RUNS', 11) }));
    }
    if (wanted('2')) {
      progress('2/5 DynamoDB cost per operation, and per million messages of a realistic mix');
      const cost = await measureCost(ctx);
      results.push(cost, priceMessageMix(cost));
    }
    if (wanted('3')) {
      progress('3/5 round trips per route');
      results.push(await measureRoundTrips(ctx));
    }
    if (wanted('4')) {
      progress('4/5 flat scaling (seeding up to 10 000 rows; a message to a seller with 10 000 conversations)');
      results.push(
        await measureScaling(ctx, {
          sizes: [10, 100, 1_000, 10_000],
          samples: numberFromEnv('BENCH_SCALING_SAMPLES', 60),
        }),
      );
    }
    if (wanted('5')) {
      progress('5/5 overhead of the HTTP stack over the bare DynamoDB calls; HTTP send → WebSocket frame');
      results.push(await measureOverhead(ctx, { samples: numberFromEnv('BENCH_OVERHEAD_SAMPLES', 200) }));
    }
  } finally {
    pricer.destroy();
    await stack.stop();
  }
}

const rows = results.flatMap((r) => r.rows);
const files = await writeResults(RESULTS_DIR, {
  startedAt: startedAt.toISOString(),
  durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    loadAverage: loadavg(),
  },
  rows,
  scaling: results.flatMap((r) => r.scaling ?? []),
  details: results.flatMap((r) => r.details ?? []),
});
console.log(renderText(rows));
for (const details of results.flatMap((r) => r.details ?? [])) console.log(`\n${details}`);
console.log(`\nwritten: ${Object.values(files).join(', ')}`);

// A goal missed (a route without a round-trip scenario included) fails the run, not only its row.
const failed = rows.filter((row) => row.verdict.split(' · ').includes('fail'));
if (failed.length > 0) {
  const judged = rows.filter((row) => row.verdict !== '' && row.verdict !== 'n/a').length;
  console.error(`\nbench: FAILED ${failed.length} of ${judged} judged rows:`);
  for (const row of failed) console.error(`  ${row.family}  ${row.subject}: ${row.measured} (goal ${row.goal})`);
  process.exitCode = 1;
}
