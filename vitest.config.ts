import { defineConfig } from 'vitest/config';

// Native addons (hnswlib-node, onnxruntime) and WebAssembly models are safest in forked processes.
// Model-loading suites are slow on 2 cores, hence the generous timeouts.
export default defineConfig({
  test: {
    // eval/: unit tests of the evaluation's own code (metrics, calibration fits), not evaluations.
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'eval/**/*.test.ts',
    ],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
