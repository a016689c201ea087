import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Build and browser suites share built output; one file at a time keeps them from racing.
    fileParallelism: false,
  },
});
