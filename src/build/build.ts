/**
 * `npm run build:data`: every report under the reports folder → parsed, checked records → Parquet under the
 * output folder, plus the build summary. A file that cannot be parsed is a `failed` row, never a stopped build.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, type ParsedReport } from '../parse/report.js';
import { listInputs } from './corpus.js';
import { ParquetWriter, type Row } from './parquet.js';
import { agencyIdOf, cellKeysOf, choosePrimaries, regionLevels, reportIdOf, type ReportRecord } from './records.js';
import { TABLES, wideColumn } from './schema.js';
import { summarise, summaryText, type BuildSummary } from './summary.js';

export interface BuildOptions {
  reportsDir: string;
  outDir: string;
  /** Parse function (the benchmark swaps in a worker pool). */
  parseAll?: (files: { path: string; absolute: string }[]) => Promise<ParsedReport[]>;
  log?: (s: string) => void;
}

export interface BuildResult {
  summary: BuildSummary;
  files: string[];
}

const parseSequential = async (files: { path: string; absolute: string }[]) =>
  files.map((f) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(f.absolute);
    } catch (e) {
      bytes = new Uint8Array();
      const r = parseReport(f.path, bytes);
      return { ...r, problems: [`cannot read file: ${(e as Error).message}`] };
    }
    return parseReport(f.path, bytes);
  });

function* reportRows(records: ReportRecord[]): Generator<Row> {
  for (const rec of records) {
    const r = rec.report;
    const levels = regionLevels(r.region_code);
    const keys = cellKeysOf(r);
    const row: Row = {
      report_id: rec.reportId,
      region_code: r.region_code,
      year: r.year,
      agency: r.agency,
      agency_id: agencyIdOf(r.region_code, r.agency),
      region_name: r.region_name,
      province_code: levels.province,
      city_code: levels.city,
      county_code: levels.county,
      status: r.status,
      is_primary: rec.isPrimary,
      duplicate_of: rec.duplicateOf,
      template: r.template,
      title: r.title,
      checks_total: r.checks.length,
      checks_failed: r.checks.filter((c) => !c.ok).length,
      cells_total: keys.length,
      cells_null: keys.filter((k) => r.cells[k] === null).length,
      problems: r.problems,
      file: rec.path,
      sha256: r.sha256,
      bytes: r.bytes,
      encoding: r.encoding,
      format: r.format,
      source_url: rec.sourceUrl,
      parser_version: r.parser_version,
    };
    for (const k of keys) row[wideColumn(k)] = r.cells[k];
    yield row;
  }
}

function* cellRows(records: ReportRecord[]): Generator<Row> {
  for (const rec of records) {
    const r = rec.report;
    for (const key of cellKeysOf(r))
      yield { report_id: rec.reportId, region_code: r.region_code, year: r.year, key, value: r.cells[key], state: r.cell_states[key], source_line: r.cell_lines[key] };
  }
}

function* checkRows(records: ReportRecord[]): Generator<Row> {
  for (const rec of records) for (const c of rec.report.checks) yield { report_id: rec.reportId, check_id: c.id, ok: c.ok, detail: c.detail };
}

export async function buildData(opts: BuildOptions): Promise<BuildResult> {
  const log = opts.log ?? (() => {});
  const inputs = listInputs(opts.reportsDir);
  log(`parsing ${inputs.length} files from ${opts.reportsDir}`);
  const parsed = await (opts.parseAll ?? parseSequential)(inputs);
  const records: ReportRecord[] = inputs.map((f, i) => ({
    report: { ...parsed[i], file: f.path },
    path: f.path,
    reportId: reportIdOf(f.path),
    sourceUrl: f.sourceUrl,
    isPrimary: true,
    duplicateOf: null,
  }));
  choosePrimaries(records);

  mkdirSync(opts.outDir, { recursive: true });
  const writer = await ParquetWriter.open();
  const files: string[] = [];
  try {
    const rowsOf = { reports: reportRows, cells: cellRows, checks: checkRows };
    for (const table of TABLES) {
      await writer.create(table);
      await writer.append(table, rowsOf[table.name as keyof typeof rowsOf](records));
      files.push(await writer.write(table, opts.outDir));
      files.push(await writer.writeCsv(table, opts.outDir));
    }
  } finally {
    writer.close();
  }
  const summary = summarise(records);
  writeFileSync(join(opts.outDir, 'build-summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(join(opts.outDir, 'build-summary.txt'), summaryText(summary));
  files.push(join(opts.outDir, 'build-summary.json'), join(opts.outDir, 'build-summary.txt'));
  return { summary, files };
}
