/**
 * Incremental data builds: a file whose path and bytes are those of a report in the published data, parsed by
 * the same parser version against the same registry, is not parsed again — its rows (reports, cells, checks)
 * are carried over from the published Parquet. Everything decided across reports (primaries, copies, the
 * publication record, the summary) is decided again over all of them, so the output is byte for byte that of a
 * build from scratch.
 */
import { sqlString } from '../domain/format.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES } from '../domain/dataset.js';
import { PARSER_VERSION } from '../parse/report.js';
import type { InputFile } from './corpus.js';
import { sha256Of } from '../collect/store.js';
import type { FileHashes } from './file-hashes.js';
import type { ParquetWriter } from './parquet.js';
import type { SummaryRow } from './summary.js';

/** What a build records so that the next one can tell whether its rows still hold. */
export interface ReuseKey {
  parser_version: string;
  registry_sha256: string;
  /** The tables' columns: rows carried over from data of another shape would be rows of neither. */
  schema_sha256: string;
}

const SCHEMA_SHA256 = sha256Of(JSON.stringify(TABLES.map((t) => [t.name, t.columns.map((c) => [c.name, c.type])])));

export const reuseKey = (registryText: string): ReuseKey => ({
  parser_version: PARSER_VERSION,
  registry_sha256: sha256Of(registryText),
  schema_sha256: SCHEMA_SHA256,
});

/**
 * The inputs whose rows the published data in `previousDir` already holds (same path, same bytes:
 * see file-hashes.ts), when that data was built with the same key; every other input is to be parsed.
 */
export async function planReuse(
  writer: ParquetWriter,
  previousDir: string | undefined,
  hashes: FileHashes,
  inputs: InputFile[],
  key: ReuseKey,
): Promise<{ reused: InputFile[]; toParse: InputFile[] }> {
  const summaryFile = previousDir && join(previousDir, 'build-summary.json');
  if (!summaryFile || !existsSync(summaryFile) || !existsSync(join(previousDir, 'reports.parquet')))
    return { reused: [], toParse: inputs };
  const previous = JSON.parse(readFileSync(summaryFile, 'utf8')) as Partial<ReuseKey>;
  if (
    previous.parser_version !== key.parser_version ||
    previous.registry_sha256 !== key.registry_sha256 ||
    previous.schema_sha256 !== key.schema_sha256
  )
    return { reused: [], toParse: inputs };
  const known = new Map(
    (
      await writer.rows(
        `SELECT file, sha256 FROM read_parquet(${sqlString(join(previousDir, 'reports.parquet'))}) WHERE parser_version = ${sqlString(key.parser_version)}`,
      )
    ).map((r) => [String(r.file), String(r.sha256)]),
  );
  const reused: InputFile[] = [];
  const toParse: InputFile[] = [];
  for (const input of inputs) {
    const sha = known.get(input.path);
    (sha && sha === hashes.sha256(input.absolute) ? reused : toParse).push(input);
  }
  return { reused, toParse };
}

/**
 * Copies the reused reports' rows from the published Parquet into the build's tables, cross-report decisions
 * reset (they are taken again over the whole build); returns their summary rows.
 */
export async function carryOver(
  writer: ParquetWriter,
  previousDir: string,
  reused: InputFile[],
): Promise<SummaryRow[]> {
  if (!reused.length) return [];
  const from = (t: string) => `read_parquet(${sqlString(join(previousDir, `${t}.parquet`))})`;
  await writer.run(`CREATE TEMP TABLE reused (file VARCHAR)`);
  for (let i = 0; i < reused.length; i += 10_000)
    await writer.run(
      `INSERT INTO reused VALUES ${reused
        .slice(i, i + 10_000)
        .map((r) => `(${sqlString(r.path)})`)
        .join(',')}`,
    );
  await writer.run(
    `CREATE TEMP TABLE reused_reports AS SELECT * REPLACE (NULL AS copy_of, true AS is_primary, NULL AS duplicate_of) FROM ${from('reports')} SEMI JOIN reused USING (file)`,
  );
  await writer.run(`INSERT INTO reports BY NAME SELECT * FROM reused_reports`);
  // Copied into the build's database, not read from the published files by the statement that writes the new
  // ones (a view over both): that read 240 million rows without copying them, but at national scale DuckDB ran
  // out of memory sorting the view beside the reports table (2026-12-06), where it spills a table's sort.
  for (const table of ['cells', 'checks'])
    await writer.run(
      `INSERT INTO ${table} BY NAME SELECT * FROM ${from(table)} SEMI JOIN reused_reports USING (report_id)`,
    );
  const rows = await writer.rows(
    `SELECT status, template, cells_total, cells_null, checks_total, checks_failed, messages FROM reused_reports ORDER BY file`,
  );
  await writer.run(`DROP TABLE reused_reports; DROP TABLE reused`);
  return rows.map((r) => ({
    status: r.status as SummaryRow['status'],
    template: (r.template as string) ?? null,
    cells_total: Number(r.cells_total),
    cells_null: Number(r.cells_null),
    checks_total: Number(r.checks_total),
    checks_failed: Number(r.checks_failed),
    messages: (r.messages as string[]) ?? null,
  }));
}
