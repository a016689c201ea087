/**
 * Vitest's global setup: the input-hash records the test builds leave (src/pipeline/file-hashes.ts) go into one
 * temporary folder per run, removed when the run ends; one record per temporary corpus would otherwise pile up.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const dir = project.config.env.GONGKAI_HASH_CACHE;
  return () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
