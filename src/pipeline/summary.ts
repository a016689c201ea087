/**
 * The build summary a maintainer reads after `npm run build:data`: how many reports are ok, partial or
 * failed, why, and one line per input file so that nothing disappears without a trace.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { codeTitle } from '../domain/messages.js';
import type { ParquetWriter } from './parquet.js';
import type { Body } from './registry.js';

export interface BuildSummary {
  /** The id every output of this build carries (see build-id.ts). */
  build_id?: string;
  /** Each part's id (pipeline/parts.ts): the file `cells/<part>.parquet` carries it, and so does `checks/`. */
  parts?: Record<string, string>;
  inputs: number;
  status: Record<'ok' | 'partial' | 'failed', number>;
  primary_reports: number;
  templates: Record<string, number>;
  cells: number;
  cells_with_value: number;
  checks: number;
  checks_failed: number;
  /** Problems by message code (src/domain/messages.ts), the reports each affects, and the code's wording in English. */
  reasons: { code: string; reason: string; reports: number }[];
  /** Bodies the registry lists and those this build proposes, reports without a body, and the copies found. */
  registry: { bodies: number; proposed: number; reports_without_body: number; copies: number };
  /** Names the registry does not list: proposed entries (also in registry-proposals.csv) with their reports. */
  proposals: { id: string; name: string; region_code: string | null; reports: number }[];
  /** Bodies and years: published on time, late, with no date, not found. */
  publications: Record<string, number>;
  /**
   * One line per input file, read only for a build of up to `listFiles` inputs (build-summary.txt lists them); every
   * build has them all in build-files.csv.gz, written by `writeFilesCsv`.
   */
  files: {
    file: string;
    report_id: string;
    status: string;
    year: number | null;
    agency: string | null;
    region_code: string | null;
    primary: boolean;
    problems: number;
  }[];
}

/**
 * A message's code, as `messagesFromColumn` reads it: the JSON's `code`, or the whole value for one that is not a
 * message (counted as written).
 */
const MESSAGE_CODE_SQL = `coalesce(CASE WHEN json_valid(m) AND json_type(m, '$.code') = 'VARCHAR' THEN m ->> '$.code' END, m)`;

/**
 * The build's summary, from its tables: the counts over every report, freshly parsed or carried over, in SQL
 * (reading a national million carried-over rows, their messages as JSON, into JavaScript to count them took
 * seconds of every rebuild). The per-file list comes from the written table, where primaries are already decided;
 * past `listFiles` inputs it is not read into memory (a national build's million rows took 7 s to turn into objects).
 */
export async function summarize(writer: ParquetWriter, proposals: Body[], listFiles: number): Promise<BuildSummary> {
  const [sums] = await writer.rows(
    `SELECT count(*) AS inputs, count(*) FILTER (WHERE status = 'ok') AS ok,
            count(*) FILTER (WHERE status = 'partial') AS partial, count(*) FILTER (WHERE status = 'failed') AS failed,
            coalesce(sum(cells_total), 0) AS cells, coalesce(sum(cells_total - cells_null), 0) AS cells_with_value,
            coalesce(sum(checks_total), 0) AS checks, coalesce(sum(checks_failed), 0) AS checks_failed,
            count(*) FILTER (WHERE is_primary) AS primary_reports, count(*) FILTER (WHERE agency_id IS NULL) AS without_body,
            count(*) FILTER (WHERE copy_of IS NOT NULL) AS copies, (SELECT count(*) FROM agencies) AS bodies
     FROM reports`,
  );
  const templates = Object.fromEntries(
    (
      await writer.rows(
        `SELECT coalesce(template, 'none') AS t, count(*) AS n FROM reports GROUP BY t ORDER BY t = 'none', t`,
      )
    ).map((r) => [String(r.t), Number(r.n)]),
  );
  // A report counts once under each code its messages carry.
  const reasons = await writer.rows(
    `SELECT code, count(*) AS n FROM (SELECT DISTINCT report_id, ${MESSAGE_CODE_SQL} AS code
                                      FROM (SELECT report_id, unnest(messages) AS m FROM reports))
     GROUP BY code`,
  );
  const counts = new Map(
    (
      await writer.rows(`SELECT agency_id, count(*) AS n FROM reports WHERE agency_id IS NOT NULL GROUP BY agency_id`)
    ).map((r) => [String(r.agency_id), Number(r.n)]),
  );
  const publications = Object.fromEntries(
    (await writer.rows(`SELECT status, count(*) AS n FROM publications GROUP BY status ORDER BY status`)).map((r) => [
      String(r.status),
      Number(r.n),
    ]),
  );
  const rows = Number(sums.inputs) <= listFiles ? await writer.rows(`${FILES_SQL} ORDER BY file`) : [];
  const files = rows.map((r) => ({
    ...r,
    year: r.year === null ? null : Number(r.year),
    problems: Number(r.problems),
  })) as BuildSummary['files'];
  return {
    inputs: Number(sums.inputs),
    status: { ok: Number(sums.ok), partial: Number(sums.partial), failed: Number(sums.failed) },
    templates,
    cells: Number(sums.cells),
    cells_with_value: Number(sums.cells_with_value),
    checks: Number(sums.checks),
    checks_failed: Number(sums.checks_failed),
    primary_reports: Number(sums.primary_reports),
    registry: {
      bodies: Number(sums.bodies),
      proposed: proposals.length,
      reports_without_body: Number(sums.without_body),
      copies: Number(sums.copies),
    },
    proposals: proposals.map((b) => ({
      id: b.id,
      name: b.name,
      region_code: b.region_code,
      reports: counts.get(b.id) ?? 0,
    })),
    publications,
    reasons: reasons
      .map((r) => ({ code: String(r.code), reason: codeTitle(String(r.code), 'en'), reports: Number(r.n) }))
      .sort((a, b) => b.reports - a.reports || (a.code < b.code ? -1 : 1)),
    files,
  };
}

/** The per-file list's columns, in build-files.csv.gz as in `BuildSummary.files`. */
const FILES_SQL = `SELECT file, report_id, status, year, agency, region_code, is_primary AS primary, len(problems) AS problems FROM reports`;

/**
 * Every input file's line as gzip-compressed CSV: written by DuckDB, compressed by zlib. At national scale that is a
 * million lines, which as objects in JavaScript and CSV from papaparse took 12 s of every build; DuckDB's own gzip
 * took 8.4 s for a file 5% larger than zlib's (level 6) makes. `scratch` is a folder for the plain CSV.
 */
export async function writeFilesCsv(writer: ParquetWriter, path: string, scratch: string): Promise<void> {
  const plain = join(scratch, 'build-files.csv');
  await writer.run(`COPY (${FILES_SQL} ORDER BY file) TO '${plain.replace(/'/g, "''")}' (HEADER)`);
  await pipeline(createReadStream(plain), createGzip({ level: 6 }), createWriteStream(path));
  rmSync(plain);
}

export function summaryText(s: BuildSummary, files = true): string {
  const lines = [
    `Gongkai data build: ${s.inputs} input files → ${s.status.ok} ok, ${s.status.partial} partial, ${s.status.failed} failed (${s.primary_reports} counted as primary reports)`,
    `cells: ${s.cells} (${s.cells_with_value} with a number); identities tested: ${s.checks} (${s.checks_failed} fail)`,
    `templates: ${Object.entries(s.templates)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `bodies: ${s.registry.bodies} (${s.registry.proposed} proposed, not in the registry); reports without a body: ${s.registry.reports_without_body}; copied reports: ${s.registry.copies}`,
    `publication record: ${
      Object.entries(s.publications)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
    '',
    'Why reports are partial or failed (reports affected):',
    ...s.reasons.slice(0, 30).map((r) => `  ${String(r.reports).padStart(6)}  ${r.reason}`),
  ];
  if (s.proposals.length) {
    lines.push('', 'Names the registry does not list (proposed entries in registry-proposals.csv; accept by copying):');
    for (const p of s.proposals.slice(0, files ? undefined : 50))
      lines.push(`  ${p.id.padEnd(40)} ${(p.region_code ?? '------').padEnd(6)} ${p.name}  (${p.reports} reports)`);
  }
  if (!files && s.inputs)
    lines.push('', `Every input file (${s.inputs}): its status and problem count are in build-files.csv.gz.`);
  if (files) {
    lines.push('', 'Every input file (d = counted under another file of the same agency and year):');
    for (const f of s.files)
      lines.push(
        `  ${f.status.padEnd(7)} ${f.primary ? ' ' : 'd'} ${String(f.year ?? '----')} ${(f.region_code ?? '------').padEnd(6)} ${f.file}  ${f.agency ?? ''}  (${f.problems} problems)`,
      );
  }
  return lines.join('\n') + '\n';
}
