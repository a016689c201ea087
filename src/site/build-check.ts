/** The data folder the site is built from is one build's output, not a mix of two (see pipeline/build-id.ts). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BUILD_KEY, TABLES, partFile } from '../domain/dataset.js';

export class MixedBuildError extends Error {}

/** What the build summary says the folder holds: the build id, and each part's id (pipeline/parts.ts). */
interface Manifest {
  build_id?: string;
  parts?: Record<string, string>;
}

/**
 * The build id of a data folder, after checking that every Parquet file carries the id the summary gives it —
 * a whole table the build's, a part its part's, the parts being exactly those the summary lists; throws
 * MixedBuildError naming the odd file otherwise.
 */
export async function consistentBuild(dir: string): Promise<string> {
  const summary = JSON.parse(readFileSync(join(dir, 'build-summary.json'), 'utf8')) as Manifest;
  const parts = summary.parts ?? {};
  const expected = TABLES.flatMap((t): [string, string | undefined][] =>
    t.partitioned ? Object.entries(parts).map(([p, id]) => [partFile(t, p), id]) : [[t.file, summary.build_id]],
  );
  for (const t of TABLES.filter((t) => t.partitioned && existsSync(join(dir, t.name))))
    for (const f of readdirSync(join(dir, t.name)).filter((f) => f.endsWith('.parquet')))
      if (!(f.replace(/\.parquet$/, '') in parts))
        throw new MixedBuildError(
          `${t.name}/${f} is not a part of build ${summary.build_id ?? '(none)'}: rebuild ${dir}`,
        );
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    for (const [name, want] of expected) {
      const file = join(dir, name);
      if (!existsSync(file)) throw new MixedBuildError(`${name} is missing from ${dir}`);
      const rows = (
        await conn.runAndReadAll(
          `SELECT decode(value) AS v FROM parquet_kv_metadata('${file.replace(/'/g, "''")}') WHERE decode(key) = '${BUILD_KEY}'`,
        )
      ).getRowObjectsJson();
      const id = rows[0]?.v ?? null;
      if (id !== want)
        throw new MixedBuildError(
          `${name} belongs to build ${id ?? '(none)'} but build-summary.json gives it ${want ?? '(none)'}: ${dir} mixes two builds; rebuild it`,
        );
    }
  } finally {
    conn.closeSync();
  }
  return summary.build_id!;
}
