import { mkdtempSync } from 'node:fs';
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
    // Every test corpus is a new temporary folder: its input-hash record (src/pipeline/file-hashes.ts) goes to a
    // folder of this run, not into the checkout's node_modules/.cache, and is removed with it (test/setup).
    env: { GONGKAI_HASH_CACHE: mkdtempSync(join(tmpdir(), 'gongkai-test-hashes-')) },
    globalSetup: ['test/setup/hash-cache.ts'],
  },
});
