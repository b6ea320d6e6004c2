import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Model tests load onnxruntime; two cores: keep files from fighting over them.
    maxWorkers: 2,
    pool: 'forks',
  },
});
