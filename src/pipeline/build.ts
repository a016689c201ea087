/**
 * `npm run build:data`: every report under the reports folder → parsed, checked records → Parquet under the
 * output folder, plus the build summary. Reports stream from a pool of parsers straight into DuckDB, so memory
 * stays flat however many files there are. A file that cannot be parsed is a `failed` row, never a stopped build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedReport } from '../parse/report.js';
import { listInputs } from './corpus.js';
import { ParquetWriter, type Row } from './parquet.js';
import { parseAll } from './pool.js';
import { levelCodes } from '../domain/divisions.js';
import { agencyIdOf, cellKeysOf, reportIdOf } from './records.js';
import { TABLES, wideColumn } from '../domain/dataset.js';
import { SummaryBuilder, summaryText, type BuildSummary } from './summary.js';

export interface BuildOptions {
  reportsDir: string;
  outDir: string;
  /** Parser threads; 1 parses in-process (tests), default: one per core. */
  workers?: number;
  /** Also write CSV copies of every table (default true). */
  csv?: boolean;
  log?: (s: string) => void;
}

export interface BuildResult {
  summary: BuildSummary;
  files: string[];
}

function reportRow(r: ParsedReport, path: string, sourceUrl: string | null): Row {
  const levels = levelCodes(r.region_code);
  const keys = cellKeysOf(r);
  const row: Row = {
    report_id: reportIdOf(path),
    region_code: r.region_code,
    year: r.year,
    agency: r.agency,
    agency_id: agencyIdOf(r.region_code, r.agency),
    region_name: r.region_name,
    province_code: levels.province,
    city_code: levels.city,
    county_code: levels.county,
    status: r.status,
    is_primary: true,
    duplicate_of: null,
    template: r.template,
    title: r.title,
    checks_total: r.checks.length,
    checks_failed: r.checks.filter((c) => !c.ok).length,
    cells_total: keys.length,
    cells_null: keys.filter((k) => r.cells[k] === null).length,
    problems: r.problems,
    file: path,
    sha256: r.sha256,
    bytes: r.bytes,
    encoding: r.encoding,
    format: r.format,
    published_on: r.published_on,
    signed_on: r.signed_on,
    index_no: r.index_no,
    publisher: r.publisher,
    source_url: sourceUrl,
    parser_version: r.parser_version,
  };
  for (const k of keys) row[wideColumn(k)] = r.cells[k];
  return row;
}

/**
 * Which file counts for an agency and year when several claim it (two text forms of one report, copies):
 * the best status, then the most numbers, then a text form over a PDF and a PDF over a scan read by OCR (the site
 * shows a text form's lines, which its cells cite), then the first path. Byte-identical files always fall in one group.
 */
const PRIMARY_SQL = `
  CREATE TEMP TABLE ranked AS
  SELECT report_id,
         row_number() OVER w AS rk,
         first_value(report_id) OVER w AS best
  FROM reports
  WINDOW w AS (
    PARTITION BY CASE WHEN agency IS NOT NULL AND year IS NOT NULL THEN 'a:' || coalesce(region_code, '') || '|' || agency || '|' || year ELSE 'h:' || sha256 END
    ORDER BY CASE status WHEN 'ok' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END, cells_total - cells_null DESC,
             CASE format WHEN 'pdf' THEN 1 WHEN 'pdf-scan' THEN 2 ELSE 0 END, file
  );
  UPDATE reports SET is_primary = (ranked.rk = 1), duplicate_of = CASE WHEN ranked.rk = 1 THEN NULL ELSE ranked.best END
  FROM ranked WHERE reports.report_id = ranked.report_id;`;

export async function buildData(opts: BuildOptions): Promise<BuildResult> {
  const log = opts.log ?? (() => {});
  const inputs = listInputs(opts.reportsDir);
  log(`parsing ${inputs.length} files from ${opts.reportsDir}`);
  mkdirSync(opts.outDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'gongkai-build-'));
  const writer = await ParquetWriter.open(inputs.length > 5000 ? join(scratch, 'build.duckdb') : ':memory:');
  const files: string[] = [];
  const summary = new SummaryBuilder();
  try {
    for (const table of TABLES) await writer.create(table);
    const [reports, cells, checks] = await Promise.all(TABLES.map((t) => writer.appender(t)));
    let n = 0;
    for await (const { index, report } of parseAll(inputs, opts.workers ?? 1)) {
      const input = inputs[index];
      const r = { ...report, file: input.path };
      const row = reportRow(r, input.path, input.sourceUrl);
      reports.add(row);
      for (const key of cellKeysOf(r))
        cells.add({
          report_id: row.report_id,
          region_code: r.region_code,
          year: r.year,
          key,
          value: r.cells[key],
          state: r.cell_states[key],
          source_line: r.cell_lines[key],
        });
      for (const c of r.checks) checks.add({ report_id: row.report_id, check_id: c.id, ok: c.ok, detail: c.detail });
      summary.add(r);
      if (++n % 10000 === 0) log(`  ${n} / ${inputs.length}`);
    }
    for (const a of [reports, cells, checks]) a.close();
    await writer.run(PRIMARY_SQL);
    for (const table of TABLES) {
      files.push(await writer.write(table, opts.outDir));
      if (opts.csv ?? true) files.push(await writer.writeCsv(table, opts.outDir));
    }
    const result = await summary.finish(writer);
    writeFileSync(join(opts.outDir, 'build-summary.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(opts.outDir, 'build-summary.txt'), summaryText(result));
    files.push(join(opts.outDir, 'build-summary.json'), join(opts.outDir, 'build-summary.txt'));
    return { summary: result, files };
  } finally {
    writer.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
