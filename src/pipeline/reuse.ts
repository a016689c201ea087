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
import { TABLES, partFile } from '../domain/dataset.js';
import { PARTITIONED } from './parts.js';
import { PARSER_VERSION } from '../parse/report.js';
import type { InputFile } from './corpus.js';
import { sha256Of } from '../collect/store.js';
import type { FileHashes } from './file-hashes.js';
import type { ParquetWriter } from './parquet.js';
import { fillReports } from './report-order.js';

/** What a build records so that the next one can tell whether its rows still hold. */
export interface ReuseKey {
  parser_version: string;
  registry_sha256: string;
  /** The tables' files and columns: rows carried over from data of another shape would be rows of neither. */
  schema_sha256: string;
  /**
   * The DuckDB that wrote the Parquet: a part kept from the published data (parts.ts) must be the bytes this
   * build would write.
   */
  writer_version: string;
}

const SCHEMA_SHA256 = sha256Of(
  JSON.stringify(TABLES.map((t) => [t.name, t.file, t.columns.map((c) => [c.name, c.type])])),
);

export const reuseKey = (registryText: string, writerVersion: string): ReuseKey => ({
  parser_version: PARSER_VERSION,
  registry_sha256: sha256Of(registryText),
  schema_sha256: SCHEMA_SHA256,
  writer_version: writerVersion,
});

/** What the published data offers a build: the inputs it holds rows of, and its parts' ids (see parts.ts). */
export interface ReusePlan {
  reused: InputFile[];
  toParse: InputFile[];
  previousParts: Record<string, string>;
}

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
): Promise<ReusePlan> {
  const nothing = { reused: [], toParse: inputs, previousParts: {} };
  const summaryFile = previousDir && join(previousDir, 'build-summary.json');
  if (!summaryFile || !existsSync(summaryFile) || !existsSync(join(previousDir, 'reports.parquet'))) return nothing;
  const previous = JSON.parse(readFileSync(summaryFile, 'utf8')) as Partial<ReuseKey> & {
    parts?: Record<string, string>;
  };
  if ((Object.keys(key) as (keyof ReuseKey)[]).some((k) => previous[k] !== key[k])) return nothing;
  const known = await publishedHashes(writer, join(previousDir, 'reports.parquet'), key.parser_version);
  const reused: InputFile[] = [];
  const toParse: InputFile[] = [];
  for (const input of inputs) {
    const sha = known.get(input.path);
    (sha && sha === hashes.sha256(input.absolute) ? reused : toParse).push(input);
  }
  return { reused, toParse, previousParts: previous.parts ?? {} };
}

const SHA256_HEX = 64;

/**
 * The published reports' files and their SHA-256 (path → hash), of those the parser version wrote. Read as one text
 * that DuckDB joins (each line a hash and its path) rather than as a million row objects: 2.5 s against 5.1 s for
 * the national data (2026-12-07). A path holding a line break, or a row without a hash, would make the lines
 * disagree with the row count: the rows are then read one by one.
 */
async function publishedHashes(writer: ParquetWriter, file: string, parser: string): Promise<Map<string, string>> {
  const rows = `read_parquet(${sqlString(file)}) WHERE parser_version = ${sqlString(parser)}`;
  const [joined] = await writer.rows(
    `SELECT coalesce(string_agg(sha256 || file, chr(10)), '') AS text, count(*) AS n FROM ${rows}`,
  );
  const lines = joined.text ? String(joined.text).split('\n') : [];
  if (lines.length === Number(joined.n))
    return new Map(lines.map((l) => [l.slice(SHA256_HEX), l.slice(0, SHA256_HEX)]));
  return new Map(
    (await writer.rows(`SELECT file, sha256 FROM ${rows}`)).map((r) => [String(r.file), String(r.sha256)]),
  );
}

/**
 * Fills the build's reports table, in order (report-order.ts): the parsed reports and the reused ones' rows from
 * the published reports table, cross-report decisions reset (they are taken again over the whole build). Their
 * cells and checks wait for carryOverParts, which knows which parts are to be written again.
 */
export async function carryOverReports(
  writer: ParquetWriter,
  previousDir: string | undefined,
  reused: InputFile[],
  log: (line: string) => void,
): Promise<void> {
  if (!previousDir || !reused.length) return fillReports(writer, undefined, log);
  // Appended, not inserted as SQL literals: the national million paths took 7 s to parse as statements.
  await writer.run(`CREATE TABLE reused (file VARCHAR)`);
  const list = await writer.appender('reused');
  for (const r of reused) list.addValues([r.path]);
  list.close();
  // Straight from the published file into the build's table, not through a table of their own: the national
  // million rows of 266 columns would go twice through the buffer pool (22.5 s against 10.4 s, and 320 MB more
  // at the peak, measured alone). Their ids are read again, from the file's narrow column.
  const published = `read_parquet(${sqlString(join(previousDir, 'reports.parquet'))}) SEMI JOIN reused USING (file)`;
  await fillReports(
    writer,
    `SELECT * REPLACE (NULL AS copy_of, true AS is_primary, NULL AS duplicate_of) FROM ${published}`,
    log,
  );
  await writer.run(`CREATE TEMP TABLE reused_ids AS SELECT report_id FROM ${published}`);
  await writer.run(`DROP TABLE reused`);
}

/**
 * The reused reports' cells and checks in the parts to be written again, copied from the published parts into
 * the build's tables (a part kept whole is linked instead: parts.ts). Copied, not read by the statement that
 * writes the new file (a view over both): at national scale DuckDB ran out of memory sorting such a view beside
 * the reports table (2026-12-06), where it spills a table's sort.
 */
export async function carryOverParts(
  writer: ParquetWriter,
  previousDir: string,
  reused: InputFile[],
  parts: string[],
): Promise<void> {
  if (!reused.length) return;
  for (const table of PARTITIONED) {
    const files = parts.map((p) => join(previousDir, partFile(table, p))).filter((f) => existsSync(f));
    if (files.length)
      await writer.run(
        `INSERT INTO ${table.name} BY NAME SELECT * FROM read_parquet([${files.map(sqlString).join(', ')}]) SEMI JOIN reused_ids USING (report_id)`,
      );
  }
  await writer.run(`DROP TABLE reused_ids`);
}
