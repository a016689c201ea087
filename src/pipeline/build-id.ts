/**
 * One id for every output of one build: the digest of what went in (each file's path and bytes, the registry,
 * the parser version). Written into every Parquet file's key-value metadata and the build summary, so a reader
 * (site/build-check.ts) can tell a consistent set from a mix of two builds; the same input gives the same id,
 * keeping builds byte-identical.
 */
import { createHash } from 'node:crypto';
export { BUILD_KEY } from '../domain/dataset.js';

export function buildIdOf(files: { path: string; sha256: string }[], registry: string, parser: string): string {
  const h = createHash('sha256').update(`parser ${parser}\nregistry ${registry}\n`);
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
    h.update(`${f.path}\t${f.sha256}\n`);
  return h.digest('hex').slice(0, 16);
}
