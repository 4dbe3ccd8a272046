import { defineConfig } from 'vitest/config';

/** One local stack (DynamoDB Local, stream poller, gateways) per run, shared by every test file. */
export default defineConfig({
  test: {
    root: '.',
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/infra/**/*.test.ts',
      'test/browser/**/*.test.ts',
    ],
    globalSetup: ['test/support/stack/global-setup.ts'],
    setupFiles: ['test/support/stack/worker-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'CRITICAL', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
