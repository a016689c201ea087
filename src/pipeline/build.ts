/**
 * `npm run build:data`: every report under the reports folder → parsed, checked records → Parquet under the
 * output folder, plus the build summary. Reports stream from a pool of parsers straight into DuckDB, so memory
 * stays flat however many files there are. A file that cannot be parsed is a `failed` row, never a stopped build.
 */
import { sqlString } from '../domain/format.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { PARSER_VERSION } from '../parse/report.js';
import { displayCacheDir, pruneOtherVersions, RebuiltRowsWriter } from '../formats/display.js';
import { listInputs } from './corpus.js';
import { ParquetWriter, jsValue, type Row } from './parquet.js';
import { LongStage } from './long-stage.js';
import { parseAll, type FileLimits } from './pool.js';
import { wideValues } from './records.js';
import { Registry, registryCsv } from './registry.js';

export const DEFAULT_REGISTRY = 'data/agencies/registry.csv';
/** Excel's row limit, header included: a table longer than this gets no CSV copy. */
export const SPREADSHEET_ROWS = 1_048_576;
/** Up to this many inputs, build-summary.txt lists each (about 100 bytes a line: 1 MB). */
export const SUMMARY_FILES_LISTED = 10_000;
/** Every input file's status and reason, one CSV line each, gzip-compressed. */
export const BUILD_FILES = 'build-files.csv.gz';
import {
  COPY_EVIDENCE_BITS,
  PART_SQL,
  REPORT_COLUMNS,
  TABLES,
  partFile,
  tableBitsSql,
  type TableSchema,
} from '../domain/dataset.js';
import { summarize, summaryText, writeFilesCsv, type BuildSummary } from './summary.js';
import { carryOverParts, carryOverReports, planReuse, reuseKey } from './reuse.js';
import { keepFile, partIds, unchangedParts } from './parts.js';
import { PARSED, REPORTS } from './report-order.js';
import { FileHashes } from './file-hashes.js';
import { killPoint } from './kill-point.js';
import { publishAtomically } from './publish.js';
import { BUILD_KEY, buildIdOf } from './build-id.js';
import { collectedColumns } from './collected.js';
import { writeRevisions } from './revisions.js';

export interface BuildOptions {
  reportsDir: string;
  outDir: string;
  /** The agency registry (default `data/agencies/registry.csv`; a missing file means every body is proposed). */
  registryFile?: string;
  /** Parser threads; 1 parses in-process (tests), default: one per core. */
  workers?: number;
  /** Also write CSV copies of every table (default true). */
  csv?: boolean;
  /** The rows a spreadsheet holds: a table this long or longer gets no CSV copy (default Excel's, 1,048,576). */
  spreadsheetRows?: number;
  /** Per-file time and memory limits of the worker pool (see pool.ts for the defaults). */
  limits?: FileLimits;
  /** Reuse the published data's rows for files that did not change (default true; see reuse.ts). */
  incremental?: boolean;
  /**
   * Called as reports are parsed: done so far, of the files to parse. An incremental build's unchanged files are
   * not counted (the log says how many there are): counted, a rate and a time left taken from them said "1 s left"
   * with a province still to parse.
   */
  progress?: (done: number, total: number) => void;
  log?: (s: string) => void;
}

export interface BuildResult {
  summary: BuildSummary;
  files: string[];
}

/**
 * Every report's body, resolved in file order once all reports (parsed or carried over) are in: the bodies a
 * build proposes, and the ids they get, then depend only on the inputs — not on which parser finished first,
 * nor on which reports an incremental build carried over. A name and region resolve to the same body every
 * time, so each pair is resolved once, in the order of its first file (150,000 pairs for a million reports).
 */
async function assignBodies(writer: ParquetWriter, registry: Registry): Promise<void> {
  const pairs = await writer.rows(
    `SELECT agency, region_code FROM reports WHERE agency IS NOT NULL GROUP BY agency, region_code ORDER BY min(file)`,
  );
  await writer.run(
    `CREATE TABLE body_of (agency VARCHAR, region_code VARCHAR, agency_id VARCHAR, agency_name VARCHAR)`,
  );
  // Appended, not inserted as SQL literals (150,000 pairs nationally).
  const bodyOf = await writer.appender('body_of');
  for (const r of pairs) {
    const region = (r.region_code as string) ?? null;
    const body = registry.resolve(String(r.agency), region);
    if (body) bodyOf.addValues([String(r.agency), region, body.id, body.name]);
  }
  bodyOf.close();
  await writer.run(`UPDATE reports SET agency_id = NULL, agency_name = NULL`);
  await writer.run(
    `UPDATE reports SET agency_id = b.agency_id, agency_name = b.agency_name FROM body_of b
     WHERE reports.agency = b.agency AND reports.region_code IS NOT DISTINCT FROM b.region_code`,
  );
  await writer.run(`DROP TABLE body_of`);
}

/**
 * Which file counts for a body and year when several claim it (two text forms of one report, copies):
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
    PARTITION BY CASE WHEN agency_id IS NOT NULL AND year IS NOT NULL THEN 'a:' || agency_id || '|' || year ELSE 'h:' || sha256 END
    ORDER BY CASE status WHEN 'ok' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END, cells_total - cells_null DESC,
             CASE format WHEN 'pdf' THEN 1 WHEN 'pdf-scan' THEN 2 ELSE 0 END, file
  );
  UPDATE reports SET is_primary = (ranked.rk = 1), duplicate_of = CASE WHEN ranked.rk = 1 THEN NULL ELSE ranked.best END
  FROM ranked WHERE reports.report_id = ranked.report_id;`;

/**
 * Copied reports: a primary report whose tables repeat another's number for number — the same body's previous
 * year, or another body's report of the same year published earlier (with no dates to tell, the first file is
 * taken as the original) — and say enough that the match is no coincidence (COPY_EVIDENCE_BITS: less for the same
 * body or division than for a body elsewhere). Tables of zeros and blanks are left out, and so is every report
 * whose tables no other shares, before the join and before the bits are summed: thousands of townships reporting
 * nothing would otherwise pair with each other, quadratically. Tables compare by the MD5 each report row carries
 * (computed as it is parsed, so no pass over the long cells table is needed).
 */
const COPIES_SQL = `
  CREATE TEMP TABLE signatures AS
  WITH candidates AS (
    SELECT report_id, agency_id, region_code, year, published_on, file, tables_md5 AS tables FROM reports
    WHERE is_primary AND agency_id IS NOT NULL AND year IS NOT NULL AND cells_nonzero > 0)
  SELECT candidates.*, ${tableBitsSql('reports')} AS bits
  FROM candidates JOIN reports USING (report_id)
  WHERE tables IN (SELECT tables FROM candidates GROUP BY tables HAVING count(*) > 1);
  UPDATE reports SET copy_of = copies.original
  FROM (
    SELECT a.report_id, arg_min(b.report_id, b.file) AS original
    FROM signatures a JOIN signatures b ON a.tables = b.tables AND a.report_id <> b.report_id
    WHERE ((a.agency_id = b.agency_id AND b.year = a.year - 1) OR
      (a.agency_id <> b.agency_id AND a.year = b.year AND
        (coalesce(b.published_on, '') < coalesce(a.published_on, '') OR
         (coalesce(b.published_on, '') = coalesce(a.published_on, '') AND b.file < a.file))))
      AND a.bits >= CASE WHEN a.agency_id = b.agency_id OR a.region_code = b.region_code
                         THEN ${COPY_EVIDENCE_BITS.sameDivision} ELSE ${COPY_EVIDENCE_BITS.elsewhere} END
    GROUP BY a.report_id
  ) copies WHERE reports.report_id = copies.report_id;`;

/**
 * The publication record: every body and report year from its first expected year (or its first report) to its
 * last, in the years the data covers its division (some report of that division and year was collected, so a
 * missing report means something): the primary report and whether it came by the deadline of
 * 《政府信息公开条例》 arts. 49–50 — 31 January for a department, 31 March for a government's (or a functional
 * zone's committee's) own report.
 */
const PUBLICATIONS_SQL = `
  INSERT INTO publications
  WITH seen AS (SELECT agency_id, min(year) AS first_seen FROM reports WHERE is_primary AND year IS NOT NULL GROUP BY agency_id),
  -- Years the collection covered a place: some report of that division for that year is in the data.
  covered AS (SELECT DISTINCT region_code, year FROM reports WHERE is_primary AND region_code IS NOT NULL AND year IS NOT NULL),
  expected AS (
    SELECT a.id AS agency_id, c.year, a.kind
    FROM agencies a JOIN seen s ON s.agency_id = a.id JOIN covered c ON c.region_code = a.region_code
    WHERE c.year >= coalesce(a.first_year, s.first_seen) AND c.year <= coalesce(a.last_year, c.year)
    UNION
    -- A body without a region is expected only in the years it reported.
    SELECT a.id, r.year, a.kind FROM agencies a JOIN reports r ON r.agency_id = a.id
    WHERE a.region_code IS NULL AND r.is_primary AND r.year IS NOT NULL
  ),
  joined AS (
    SELECT e.agency_id, CAST(e.year AS INTEGER) AS year, r.report_id, r.published_on,
           CAST(e.year + 1 AS VARCHAR) || CASE WHEN e.kind IN ('government', 'zone') THEN '-03-31' ELSE '-01-31' END AS deadline
    FROM expected e LEFT JOIN reports r ON r.agency_id = e.agency_id AND r.year = e.year AND r.is_primary
  )
  SELECT agency_id, year,
         CASE WHEN report_id IS NULL THEN 'not_found'
              WHEN published_on IS NULL THEN 'published_date_unknown'
              WHEN published_on > deadline THEN 'late' ELSE 'published' END,
         report_id, published_on, deadline,
         CASE WHEN published_on > deadline THEN CAST(date_diff('day', CAST(deadline AS DATE), CAST(published_on AS DATE)) AS INTEGER) END
  FROM joined;`;

/** Builds into a staging folder swapped in whole at the end, under a lock (see publish.ts). */
export async function buildData(opts: BuildOptions): Promise<BuildResult> {
  const out = resolve(opts.outDir);
  let stage = out;
  const previousDir = opts.incremental === false || !existsSync(out) ? undefined : out;
  const result = await publishAtomically(out, (s) => buildInto({ ...opts, outDir: (stage = s), previousDir }));
  return { ...result, files: result.files.map((f) => join(out, relative(stage, f))) };
}

async function buildInto(opts: BuildOptions & { previousDir?: string }): Promise<BuildResult> {
  const log = opts.log ?? (() => {});
  // Each step but the parse (which has its bar) says how long it took: at national scale they are minutes.
  const step = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const done = await work();
    log(`${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return done;
  };
  const inputs = await step('input listing', () => listInputs(opts.reportsDir));
  const registry = Registry.load(opts.registryFile ?? DEFAULT_REGISTRY);
  const registryText = existsSync(opts.registryFile ?? DEFAULT_REGISTRY)
    ? readFileSync(opts.registryFile ?? DEFAULT_REGISTRY, 'utf8')
    : '';
  mkdirSync(opts.outDir, { recursive: true });
  // Scratch space inside the staging folder: whatever ends the build, it goes with that folder.
  const scratch = mkdtempSync(join(opts.outDir, '.scratch-'));
  const writer = await ParquetWriter.open(inputs.length > 5000 ? join(scratch, 'build.duckdb') : ':memory:', log);
  const files: string[] = [];
  try {
    for (const table of TABLES) await writer.create(table);
    // The parsers' reports wait in a table of their own until the reports table is filled in order (report-order.ts).
    await writer.run(`CREATE TABLE ${PARSED} AS FROM reports LIMIT 0`);
    const reports = await writer.appender(PARSED);
    const agencies = await writer.appender(TABLES.find((t) => t.name === 'agencies')!);
    const long = await LongStage.open(writer);
    const key = reuseKey(registryText, await writer.version());
    const hashes = FileHashes.load(opts.reportsDir);
    const { reused, toParse, previousParts } = await step('unchanged files found', () =>
      planReuse(writer, opts.previousDir, hashes, inputs, key),
    );
    hashes.lookupsDone();
    log(
      `parsing ${toParse.length} of ${inputs.length} files from ${opts.reportsDir}${reused.length ? ` (${reused.length} unchanged since the published build)` : ''}`,
    );
    let n = 0;
    opts.progress?.(n, toParse.length);
    pruneOtherVersions(displayCacheDir(), PARSER_VERSION);
    const rebuilt = new RebuiltRowsWriter(displayCacheDir(), PARSER_VERSION);
    for await (const { index, record, signature, rows } of parseAll(toParse, opts.workers ?? 1, opts.limits)) {
      const input = toParse[index];
      if (rows) await rebuilt.add(String(record.row.sha256), rows);
      const row: Row = { ...record.row, source_url: input.sourceUrl, ...collectedColumns(input) };
      reports.addValues([...REPORT_COLUMNS.map((c) => jsValue(c, row[c.name])), ...wideValues(record.cells)]);
      long.add(row, record);
      hashes.remember(input.absolute, signature, String(row.sha256), Number(row.bytes));
      opts.progress?.(++n, toParse.length);
      killPoint(`parsed:${n}`);
    }
    reports.close();
    await step('rebuilt rows kept', () => rebuilt.flush());
    await step('input hashes saved', () => hashes.save());
    // The joins and updates that follow use every core (their results do not depend on it); the Parquet files
    // are written by one thread, below, so that the same rows always give the same bytes: written by two, the
    // 200 million national cells took 96 s instead of ~300 s, but two runs gave two different files.
    await writer.run(`SET threads = ${cpus().length}`);
    await step('cells and checks tables', () => long.finish());
    await step(reused.length ? 'reports carried over, in order' : 'reports in order', () =>
      carryOverReports(writer, opts.previousDir, reused, log),
    );
    await step('bodies', () => assignBodies(writer, registry));
    for (const b of registry.bodies)
      agencies.add({ ...b, variants: b.variants, proposed: b.proposed, note: b.note || null });
    agencies.close();
    await step('revisions', () => writeRevisions(writer, inputs));
    await step('primary reports', () => writer.run(PRIMARY_SQL));
    await step('copied reports', () => writer.run(COPIES_SQL));
    await step('publication record', () => writer.run(PUBLICATIONS_SQL));
    writeFileSync(join(opts.outDir, 'registry-proposals.csv'), registryCsv(registry.proposals) + '\n');
    files.push(join(opts.outDir, 'registry-proposals.csv'));
    killPoint('registry-proposals.csv');
    const inputsRead = (await writer.rows(`SELECT file, sha256, ${PART_SQL} AS part FROM reports`)).map((r) => ({
      path: String(r.file),
      sha256: String(r.sha256),
      part: String(r.part),
    }));
    const buildId = buildIdOf(inputsRead, registryText, PARSER_VERSION);
    const parts = partIds(inputsRead, registryText, PARSER_VERSION);
    // A table in parts has CSV copies of its parts only when the whole table fits a spreadsheet, as a whole table
    // does: 31 provinces' checks as CSV, each under the limit, were 370 MB more of a national site. Its length is
    // the sum of each report's count of its rows, known before any part is carried over or written.
    const [lengths] = await writer.rows(`SELECT sum(cells_total) AS cells, sum(checks_total) AS checks FROM reports`);
    const spreadsheetRows = opts.spreadsheetRows ?? SPREADSHEET_ROWS;
    const csvOf = (table: TableSchema, rows?: number): boolean =>
      (opts.csv ?? true) && Number(rows ?? lengths[table.name] ?? 0) < spreadsheetRows;
    /** A part's files: its Parquet and, when the whole table fits a spreadsheet, its CSV copy. */
    const partFiles = (table: TableSchema, part: string): string[] => [
      partFile(table, part),
      ...(csvOf(table) ? [partFile(table, part, 'csv')] : []),
    ];
    const kept = unchangedParts(opts.previousDir, previousParts, parts, partFiles);
    const rewritten = Object.keys(parts).filter((p) => !kept.has(p));
    await step(
      `cells and checks carried over (${rewritten.length} of ${Object.keys(parts).length} parts rewritten)`,
      () => carryOverParts(writer, opts.previousDir!, reused, rewritten),
    );
    await writer.startWriting();
    /**
     * A table's (or a part's) Parquet file and, for spreadsheets (which stop at 1,048,576 rows), its CSV copy.
     * A whole table is counted only up to the limit: past it the count does not matter.
     */
    const writeTable = async (table: TableSchema, name: string, id: string, where = 'true'): Promise<string[]> => {
      const written = [
        await step(name, () =>
          writer.write(table, join(opts.outDir, name), { [BUILD_KEY]: id }, { where, inOrder: table === REPORTS }),
        ),
      ];
      killPoint(name);
      const rows = table.partitioned
        ? undefined
        : Number(
            (await writer.rows(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table.name} LIMIT ${spreadsheetRows})`))[0]
              .n,
          );
      if (csvOf(table, rows)) {
        const csvName = name.replace(/\.parquet$/, '.csv');
        written.push(await writer.writeCsv(table, join(opts.outDir, csvName), where));
        killPoint(csvName);
      }
      return written;
    };
    // One table after another. Written in two lanes at once (the cells beside the rest), the national build took
    // 257 s instead of ~420 s, but two sorts at once need more memory than DuckDB can spill: within 1 GB they ran
    // out of it, and within 2.5 GB the build's process reached 5.1 GB and an incremental build still ran out.
    for (const table of TABLES) {
      if (!table.partitioned) {
        files.push(...(await writeTable(table, table.file, buildId)));
        continue;
      }
      mkdirSync(join(opts.outDir, table.name), { recursive: true });
      for (const [part, id] of Object.entries(parts))
        files.push(
          ...(kept.has(part)
            ? partFiles(table, part).map((f) => keepFile(opts.previousDir!, opts.outDir, f))
            : await writeTable(table, partFile(table, part), id, `${PART_SQL} = ${sqlString(part)}`)),
        );
    }
    const result = {
      build_id: buildId,
      ...key,
      parts,
      ...(await step('build summary', () => summarize(writer, registry.proposals, SUMMARY_FILES_LISTED))),
    };
    // The counts a browser can open at any scale; the per-file list (a million lines nationally) as a download.
    const { files: _perFile, proposals, ...counts } = result;
    // Proposals in full are in registry-proposals.csv; a national build without a registry proposes every body.
    const shown = { ...counts, proposals_total: proposals.length, proposals: proposals.slice(0, 100) };
    writeFileSync(join(opts.outDir, 'build-summary.json'), JSON.stringify(shown, null, 2) + '\n');
    await step(BUILD_FILES, () => writeFilesCsv(writer, join(opts.outDir, BUILD_FILES), scratch));
    files.push(join(opts.outDir, BUILD_FILES));
    killPoint(BUILD_FILES);
    killPoint('build-summary.json');
    // The text lists every file only while a browser opens it easily; past that, build-files.csv.gz has them.
    writeFileSync(join(opts.outDir, 'build-summary.txt'), summaryText(result, result.inputs <= SUMMARY_FILES_LISTED));
    killPoint('build-summary.txt');
    files.push(join(opts.outDir, 'build-summary.json'), join(opts.outDir, 'build-summary.txt'));
    return { summary: result, files };
  } finally {
    writer.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
