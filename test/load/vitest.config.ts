import { defineConfig } from 'vitest/config';

/**
 * `npm run test:load`: the load and fault suite, kept out of `npm test`. Bounded in time (defaults finish in
 * well under two minutes; LOAD_CONVERSATIONS, LOAD_SENDERS, LOAD_SECONDS scale it), loopback only. The steady
 * run uses the shared stack of the global setup; the fault runs start their own stack in-process so they can
 * stop its stream poller or wrap its DynamoDB client. Files run one after another: they compete for 2 cores.
 */
export default defineConfig({
  test: {
    root: '.',
    include: ['test/load/**/*.test.ts'],
    globalSetup: ['test/support/stack/global-setup.ts'],
    setupFiles: ['test/support/stack/worker-env.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'CRITICAL', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
