/** The data folder the site is built from is one build's output, not a mix of two (see pipeline/build-id.ts). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BUILD_KEY, TABLES } from '../domain/dataset.js';

export class MixedBuildError extends Error {}

/**
 * The build id of a data folder, after checking that every Parquet file and the summary carry the same one;
 * throws MixedBuildError naming the odd file otherwise.
 */
export async function consistentBuild(dir: string): Promise<string> {
  const summary = JSON.parse(readFileSync(join(dir, 'build-summary.json'), 'utf8')) as { build_id?: string };
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    for (const t of TABLES) {
      const file = join(dir, t.file);
      if (!existsSync(file)) throw new MixedBuildError(`${t.file} is missing from ${dir}`);
      const rows = (
        await conn.runAndReadAll(
          `SELECT decode(value) AS v FROM parquet_kv_metadata('${file.replace(/'/g, "''")}') WHERE decode(key) = '${BUILD_KEY}'`,
        )
      ).getRowObjectsJson();
      const id = rows[0]?.v ?? null;
      if (id !== summary.build_id)
        throw new MixedBuildError(
          `${t.file} belongs to build ${id ?? '(none)'} but build-summary.json to ${summary.build_id ?? '(none)'}: ${dir} mixes two builds; rebuild it`,
        );
    }
  } finally {
    conn.closeSync();
  }
  return summary.build_id!;
}
