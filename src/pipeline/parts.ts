/**
 * The tables published in parts (cells and checks, one file per province: see domain/dataset.ts). Each part
 * carries its own id, the digest of its reports' files, in its key-value metadata and in the build summary's
 * `parts`. A part's rows depend on its own reports only (no cross-report decision is stored in them), so a
 * part whose id is that of the published part is the published file byte for byte: it is linked, not written.
 */
import { existsSync, linkSync, mkdirSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TABLES, type TableSchema } from '../domain/dataset.js';
import { buildIdOf } from './build-id.js';

export const PARTITIONED: TableSchema[] = TABLES.filter((t) => t.partitioned);

/** Each part's id from its reports' files (path and SHA-256), the registry and the parser, sorted by part. */
export function partIds(
  reports: { path: string; sha256: string; part: string }[],
  registryText: string,
  parser: string,
): Record<string, string> {
  const byPart = Map.groupBy(reports, (r) => r.part);
  return Object.fromEntries(
    [...byPart.keys()].sort().map((part) => [part, buildIdOf(byPart.get(part)!, registryText, parser)]),
  );
}

/**
 * The parts whose every file (`filesOf`: a table's part → its file names) the published data in `previousDir`
 * holds under the same id.
 */
export function unchangedParts(
  previousDir: string | undefined,
  previous: Record<string, string>,
  current: Record<string, string>,
  filesOf: (table: TableSchema, part: string) => string[],
): Set<string> {
  return new Set(
    Object.keys(current).filter(
      (part) =>
        previousDir !== undefined &&
        previous[part] === current[part] &&
        PARTITIONED.every((t) => filesOf(t, part).every((f) => existsSync(join(previousDir, f)))),
    ),
  );
}

/** A published file into the staging folder: a hard link (instant at any size), a copy across devices. */
export function keepFile(previousDir: string, outDir: string, name: string): string {
  const to = join(outDir, name);
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(join(previousDir, name), to);
  } catch {
    copyFileSync(join(previousDir, name), to);
  }
  return to;
}
