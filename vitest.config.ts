import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Build and browser suites share built output; one file at a time keeps them from racing.
    fileParallelism: false,
    // Every test corpus is a new temporary folder: its input-hash record (src/pipeline/file-hashes.ts) goes there
    // too, not into the checkout's node_modules/.cache.
    env: { GONGKAI_HASH_CACHE: join(tmpdir(), 'gongkai-test-hashes') },
  },
});
