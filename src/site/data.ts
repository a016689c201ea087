/**
 * Build-time access to the published Parquet for the prerendered pages: one DuckDB (node) instance per build,
 * queried with the same metric SQL the browser uses. Pages read the data the site publishes, not parser
 * internals, so what a page shows is what a researcher downloads.
 */
import { sqlString } from '../domain/format.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { METRICS, metricColumns, metricsSelect } from '../domain/metrics.js';
import { divisionByCode } from '../parse/region.js';
import type { CellState } from '../domain/cells.js';
import { TABLES, wideColumn } from '../domain/dataset.js';
import { levelCodes, levelOf, prefixOf, type Level } from '../domain/divisions.js';
import { identitiesOf } from '../domain/template.js';
import { consistentBuild } from './build-check.js';
import type { Revision } from '../domain/shard.js';

export const DATA_DIR = resolve(process.env.GONGKAI_PUBLIC ?? 'public', 'data');
const file = (name: string) => sqlString(join(DATA_DIR, name));

let conn: Promise<DuckDBConnection> | null = null;
function db(): Promise<DuckDBConnection> {
  if (!conn) {
    if (!existsSync(join(DATA_DIR, 'reports.parquet')))
      throw new Error('public/data/reports.parquet is missing: run npm run build:data first');
    conn = (async () => {
      // A page built from two builds' files would show numbers that never existed together.
      if (existsSync(join(DATA_DIR, 'build-summary.json'))) await consistentBuild(DATA_DIR);
      const c = await (await DuckDBInstance.create(':memory:')).connect();
      // Footers read once per file, not per query: a national cells table has 2,000 row groups to look over.
      await c.run('SET parquet_metadata_cache = true');
      // Views over the Parquet, not copies in memory: at national scale the long tables hold ~100M cells, and
      // the pages read them through a few grouped queries and per-report lookups. A build of no reports has no
      // parts: an empty table of the same columns.
      for (const t of TABLES.filter((t) => ['reports', 'cells', 'checks'].includes(t.name)))
        if (!t.partitioned || partsOf().length) await c.run(`CREATE VIEW ${t.name} AS SELECT * FROM ${file(t.file)}`);
        else await c.run(`CREATE TABLE ${t.name} (${t.columns.map((x) => `${x.name} ${x.type}`).join(', ')})`);
      // Data built before the registry existed has neither table: the pages then show no publication record.
      for (const t of ['agencies', 'publications'])
        if (existsSync(join(DATA_DIR, `${t}.parquet`)))
          await c.run(`CREATE VIEW ${t} AS SELECT * FROM ${file(`${t}.parquet`)}`);
        else await c.run(`CREATE TABLE ${t} AS SELECT * FROM (SELECT NULL AS agency_id, NULL AS id) WHERE false`);
      // Data built before collections had no revisions: an empty table of the same columns.
      const revisions = TABLES.find((t) => t.name === 'revisions')!;
      if (existsSync(join(DATA_DIR, revisions.file)))
        await c.run(`CREATE TABLE revisions AS SELECT * FROM ${file(revisions.file)}`);
      else await c.run(`CREATE TABLE revisions (${revisions.columns.map((x) => `${x.name} ${x.type}`).join(', ')})`);
      return c;
    })();
  }
  return conn;
}

let summaryRead: PublishedSummary | undefined;
/** The build summary of the site's data ({} without one), read once per process (every page asks). */
export const publishedSummary = (): PublishedSummary => {
  const file = join(DATA_DIR, 'build-summary.json');
  return (summaryRead ??= existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PublishedSummary) : {});
};
/** What the pages read of build-summary.json (pipeline/summary.ts writes it). */
export type PublishedSummary = { build_id?: string; parts?: Record<string, string> } & Record<string, unknown>;

/** The id of the build the site's data came from (every Parquet file carries it), or null without a summary. */
export const buildId = (): string | null => publishedSummary().build_id ?? null;

/** The parts the long tables are published in (see domain/dataset.ts), from the build summary. */
export const partsOf = (): string[] => Object.keys(publishedSummary().parts ?? {});

/** The province a part of the long tables holds (its name), or null for the reports with no region. */
export const partProvince = (part: string): string | null => divisionByCode(`${part}0000`)?.name ?? null;

/** Runs `sql` with `params` bound to its `$1`, `$2`… placeholders. */
export async function query<T = Record<string, unknown>>(sql: string, params?: (string | number)[]): Promise<T[]> {
  const rows = (await (await db()).runAndReadAll(sql, params)).getRowObjectsJson();
  return rows as T[];
}

export type YearRow = { year: number } & Record<string, number | null>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Every metric by year for the nation and for every province, prefecture and county, computed once in four
 * GROUP BYs: a page looks its region up instead of querying (thousands of region pages at national scale).
 */
const LEVELS: [string, string][] = [
  ['national', `'national'`],
  ['province', 'province_code'],
  ['city', 'city_code'],
  ['county', 'county_code'],
];
let seriesCache: Promise<Map<string, YearRow[]>> | null = null;
export function allSeries(): Promise<Map<string, YearRow[]>> {
  seriesCache ??= (async () => {
    const map = new Map<string, YearRow[]>();
    for (const [, expr] of LEVELS) {
      const rows = await query(
        `SELECT ${expr} AS code, year, ${metricsSelect()} FROM reports WHERE is_primary AND year IS NOT NULL AND ${expr} IS NOT NULL GROUP BY ALL ORDER BY code, year`,
      );
      for (const r of rows) {
        const code = String(r.code);
        const row = Object.fromEntries(
          Object.entries(r)
            .filter(([k]) => k !== 'code')
            .map(([k, v]) => [k, num(v)]),
        ) as YearRow;
        map.set(code, [...(map.get(code) ?? []), row]);
      }
    }
    return map;
  })();
  return seriesCache;
}

export const seriesFor = async (code: string): Promise<YearRow[]> => (await allSeries()).get(code) ?? [];

// ------------------------------------------------------------------ regions
export interface RegionNode {
  code: string;
  name: string;
  level: Level;
  parent: string | null;
  children: string[];
}

const PSEUDO_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

let regionsCache: Promise<Map<string, RegionNode>> | null = null;
export function regions(): Promise<Map<string, RegionNode>> {
  regionsCache ??= (async () => {
    const codes = await query<{ region_code: string }>(
      `SELECT DISTINCT region_code FROM reports WHERE is_primary AND region_code IS NOT NULL ORDER BY region_code`,
    );
    const map = new Map<string, RegionNode>();
    const ensure = (code: string, parent: string | null): RegionNode | null => {
      const d = divisionByCode(prefixOf(code));
      if (!d || PSEUDO_CITY.test(d.name)) return null;
      let node = map.get(code);
      if (!node) {
        node = { code, name: d.name, level: levelOf(code), parent, children: [] };
        map.set(code, node);
        if (parent) map.get(parent)!.children.push(code);
      }
      return node;
    };
    for (const { region_code: code } of codes) {
      const { province: provinceCode, city: cityCode } = levelCodes(code);
      const province = ensure(provinceCode!, null);
      if (!province || levelOf(code) === 'province') continue;
      const city = cityCode ? ensure(cityCode, province.code) : null;
      if (levelOf(code) === 'county') ensure(code, city ? city.code : province.code);
    }
    for (const n of map.values()) n.children.sort();
    return map;
  })();
  return regionsCache;
}

export async function breadcrumbs(code: string): Promise<RegionNode[]> {
  const map = await regions();
  const out: RegionNode[] = [];
  for (let n = map.get(code); n; n = n.parent ? map.get(n.parent) : undefined) out.unshift(n);
  return out;
}

// ------------------------------------------------------------------ agencies and reports
/** A body's latest primary report, as a region page lists it. */
export interface LatestReport {
  year: number | null;
  status: string;
  checks_failed: number;
  requests_new: number | null;
}

/** A reporting body as the region pages, the regions list and the search index show it. */
export interface Agency {
  id: string;
  name: string;
  region_code: string | null;
  region_name: string | null;
  /** The years of its primary reports, in order (null: a report whose year cannot be told). */
  years: (number | null)[];
  latest: LatestReport | null;
}

let agenciesCache: Promise<Agency[]> | null = null;
/**
 * Every body, one row each, summed up in SQL: a national site has a million reports, and turning each into an
 * object (13 columns) took 12 of the page build's 70 seconds when only a body's years and latest report are shown.
 */
export function agencies(): Promise<Agency[]> {
  agenciesCache ??= (async () => {
    // A body's name and place are its first report's, in the order the reports are listed (region, year, file).
    const first = (expr: string) => `first(${expr} ORDER BY region_code NULLS LAST, year, file)`;
    const rows = await query<Agency & { latest: (LatestReport & { checks_failed: number | string }) | null }>(
      `SELECT agency_id AS id, ${first('coalesce(agency_name, agency)')} AS name,
              ${first('region_code')} AS region_code, ${first('region_name')} AS region_name,
              coalesce(list(year ORDER BY year, file) FILTER (WHERE is_primary), []) AS years,
              last({year: year, status: status, checks_failed: checks_failed, requests_new: t3_new_received_total}
                   ORDER BY year, file) FILTER (WHERE is_primary) AS latest
       FROM reports WHERE agency_id IS NOT NULL
       GROUP BY agency_id ORDER BY 3 NULLS LAST, 1`,
    );
    return rows.map((a) => ({
      ...a,
      years: a.years.map(num),
      latest: a.latest && {
        ...a.latest,
        year: num(a.latest.year),
        requests_new: num(a.latest.requests_new),
        checks_failed: Number(a.latest.checks_failed),
      },
    }));
  })();
  return agenciesCache;
}

/** Index of the first agency whose region code is not below `code` (agencies are in region order, unplaced last). */
function firstFrom(list: { region_code: string | null }[], code: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = list[mid].region_code;
    if (c !== null && c < code) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The agencies of a region (every division code under the prefix), found by halving rather than a pass over all
 * of them: a national site has 150,000 and 3,400 region pages ask.
 */
export async function agenciesIn(prefix: string): Promise<Agency[]> {
  return underPrefix(await agencies(), prefix);
}

/** The run of a region-ordered list whose codes start with `prefix`. */
export const underPrefix = <T extends { region_code: string | null }>(list: T[], prefix: string): T[] =>
  list.slice(firstFrom(list, prefix), firstFrom(list, `${prefix}~`));

export interface Coverage {
  year: number;
  expected: number;
  published: number;
  late: number;
  not_found: string[];
}

/** Code-unit order, which is DuckDB's byte order for the names a page lists. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface DivisionCoverage {
  region_code: string;
  year: number;
  expected: number;
  published: number;
  late: number;
  missing: string[] | null;
}
let coverageCache: Promise<DivisionCoverage[]> | null = null;
/** The publication record counted per division and year, once for every region page (one query, not 3,400). */
const coverageByDivision = () =>
  (coverageCache ??= query<DivisionCoverage>(
    `SELECT a.region_code, p.year, count(*) AS expected, count(*) FILTER (WHERE p.status <> 'not_found') AS published,
            count(*) FILTER (WHERE p.status = 'late') AS late,
            list(a.name ORDER BY a.name) FILTER (WHERE p.status = 'not_found') AS missing
     FROM publications p JOIN agencies a ON a.id = p.agency_id
     WHERE a.region_code IS NOT NULL GROUP BY a.region_code, p.year ORDER BY a.region_code, p.year`,
  ));

/** Per report year, for the bodies of a region and the divisions in it: how many published, late, missing. */
export async function coverageOf(code: string): Promise<Coverage[]> {
  const byYear = new Map<number, Coverage>();
  for (const r of underPrefix(await coverageByDivision(), prefixOf(code))) {
    const year = Number(r.year);
    const c = byYear.get(year) ?? { year, expected: 0, published: 0, late: 0, not_found: [] };
    c.expected += Number(r.expected);
    c.published += Number(r.published);
    c.late += Number(r.late);
    c.not_found.push(...(r.missing ?? []));
    byYear.set(year, c);
  }
  return [...byYear.values()]
    .sort((a, b) => a.year - b.year)
    .map((c) => ({ ...c, not_found: c.not_found.sort(byCode) }));
}

export interface CopiedReport {
  region_code: string;
  report_id: string;
  agency: string;
  year: number;
  copy_of: string;
  original_agency: string;
  original_year: number;
}
let copiesCache: Promise<CopiedReport[]> | null = null;

/** Reports in a region whose tables repeat another report number for number (all found once, in region order). */
export async function copiesIn(code: string): Promise<CopiedReport[]> {
  copiesCache ??= query<CopiedReport>(
    `SELECT r.region_code, r.report_id, r.agency, r.year, r.copy_of, o.agency AS original_agency, o.year AS original_year
     FROM reports r JOIN reports o ON o.report_id = r.copy_of
     WHERE r.copy_of IS NOT NULL AND r.region_code IS NOT NULL ORDER BY r.region_code, r.report_id`,
  );
  return underPrefix(await copiesCache, prefixOf(code)).sort(
    (a, b) => a.year - b.year || byCode(a.agency ?? '', b.agency ?? '') || byCode(a.report_id, b.report_id),
  );
}

/** How many report files the data holds (the page mode depends on it). */
export const reportCount = async (): Promise<number> =>
  Number((await query<{ n: number | string }>('SELECT count(*) AS n FROM reports'))[0].n);

/**
 * The reports that get a page of their own, by file: all of them, or at national scale only the copies and
 * unattributed excerpts no body page shows — chosen in SQL, not among a million rows turned into objects.
 */
export const reportPageIds = async (mode: 'all' | 'national'): Promise<string[]> =>
  (
    await query<{ report_id: string }>(
      `SELECT report_id FROM reports ${mode === 'all' ? '' : `WHERE is_primary IS NOT TRUE OR coalesce(agency, '') = ''`} ORDER BY file`,
    )
  ).map((r) => r.report_id);

/** The descriptive columns of one published report row (docs/data.md has them all). */
export interface ReportRow {
  report_id: string;
  year: number | null;
  title: string | null;
  agency: string | null;
  region_code: string | null;
  region_name: string | null;
  status: 'ok' | 'partial' | 'failed';
  is_primary: boolean;
  template: string | null;
  file: string;
  sha256: string;
  source_url: string | null;
  /** Collected reports (src/collect): when last fetched, changed after publication, gone from the site. */
  fetched_at?: string | null;
  revised?: boolean | null;
  removed?: boolean | null;
  problems: string[] | null;
  /** The problems as codes with parameters (JSON, one per problem; src/domain/messages.ts). */
  messages: string[] | null;
  format: string | null;
  published_on: string | null;
  signed_on: string | null;
  index_no: string | null;
  publisher: string | null;
}

export type { Revision };

export interface ReportDetail {
  row: ReportRow;
  cells: { key: string; value: number | null; state: CellState; source_line: number | null }[];
  checks: { check_id: string; ok: boolean; detail: string }[];
  revisions: Revision[];
}

let placesCache: Promise<Map<string, { region_code: string | null; year: number | null }>> | null = null;

/**
 * A report's rows found by where they sit: `reports` and `cells` are sorted by region and year, so naming both
 * lets DuckDB skip every other row group.
 */
async function wherePlaced(id: string): Promise<{ sql: string; params: (string | number)[] }> {
  placesCache ??= query<{ report_id: string; region_code: string | null; year: number | null }>(
    'SELECT report_id, region_code, year FROM reports',
  ).then((all) => new Map(all.map((r) => [r.report_id, r])));
  const place = (await placesCache).get(id);
  if (!place) return { sql: 'report_id = $1', params: [id] };
  const params: (string | number)[] = [id];
  const region =
    place.region_code === null ? 'region_code IS NULL' : `region_code = $${params.push(place.region_code)}`;
  const year = place.year === null ? 'year IS NULL' : `year = $${params.push(Number(place.year))}`;
  return { sql: `${region} AND ${year} AND report_id = $1`, params };
}

/** A report's descriptive columns: the wide cell columns (`t2_…`–`t4_…`) are read from `cells` instead. */
const ROW_COLUMNS = `COLUMNS(c -> NOT regexp_matches(c, '^t[234]_'))`;

const detailOf = (
  row: ReportRow,
  cells: ReportDetail['cells'],
  checks: ReportDetail['checks'],
  revisions: Revision[],
): ReportDetail => ({
  row: { ...row, year: num(row.year) },
  cells: cells.map((c) => ({ key: c.key, value: num(c.value), state: c.state, source_line: num(c.source_line) })),
  checks: checks.map((c) => ({ check_id: c.check_id, ok: c.ok, detail: c.detail })),
  revisions: revisions.map((r) => ({ ...r, old_value: num(r.old_value), new_value: num(r.new_value) })),
});

const byReport = <T extends { report_id: string }>(rows: T[]) => Map.groupBy(rows, (r) => r.report_id);

/** A temporary table `name` of the report ids given (column `report_id`), for semi-joins; returns its name. */
export async function idTable(name: string, ids: string[]): Promise<string> {
  await (
    await db()
  ).run(
    `CREATE OR REPLACE TEMP TABLE ${name} AS SELECT unnest([${ids.map(sqlString).join(',')}]::VARCHAR[]) AS report_id`,
  );
  return name;
}

let detailsCache: Map<string, ReportDetail> | null = null;

/**
 * The rows of every report page at once, when they are few and scattered (at national scale, the copies and
 * excerpts no body page shows): three scans of the tables instead of three lookups per page (~200 ms each
 * over 200 million cells).
 */
export async function preloadReportDetails(ids: string[]): Promise<void> {
  if (!ids.length) return;
  const semi = `SEMI JOIN ${await idTable('page_ids', ids)} USING (report_id)`;
  type Keyed<T> = T & { report_id: string };
  const rows = await query<ReportRow>(`SELECT ${ROW_COLUMNS} FROM reports ${semi}`);
  const cells = byReport(
    await query<Keyed<ReportDetail['cells'][number]>>(
      `SELECT report_id, key, value, state, source_line FROM cells ${semi} ORDER BY report_id, key`,
    ),
  );
  const checks = byReport(
    await query<Keyed<ReportDetail['checks'][number]>>(
      `SELECT report_id, check_id, ok, detail FROM checks ${semi} ORDER BY report_id, check_id`,
    ),
  );
  const revisions = byReport(
    await query<Keyed<Revision>>(
      `SELECT report_id, cell, old_value, new_value, first_seen, changed_seen FROM revisions ${semi} ORDER BY report_id, changed_seen, cell`,
    ),
  );
  detailsCache = new Map(
    rows.map((row) => [
      row.report_id,
      detailOf(
        row,
        cells.get(row.report_id) ?? [],
        checks.get(row.report_id) ?? [],
        (revisions.get(row.report_id) ?? []).map(({ report_id: _id, ...r }) => r),
      ),
    ]),
  );
}

export async function reportDetail(id: string): Promise<ReportDetail> {
  const cached = detailsCache?.get(id);
  if (cached) return cached;
  const placed = await wherePlaced(id);
  const [row] = await query<ReportRow>(`SELECT ${ROW_COLUMNS} FROM reports WHERE ${placed.sql}`, placed.params);
  const cells = await query<ReportDetail['cells'][number]>(
    `SELECT key, value, state, source_line FROM cells WHERE ${placed.sql} ORDER BY key`,
    placed.params,
  );
  const checks = await query<ReportDetail['checks'][number]>(
    `SELECT check_id, ok, detail FROM checks WHERE report_id = $1 ORDER BY check_id`,
    [id],
  );
  const revisions = await query<Revision>(
    `SELECT cell, old_value, new_value, first_seen, changed_seen FROM revisions WHERE report_id = $1 ORDER BY changed_seen, cell`,
    [id],
  );
  return detailOf(row, cells, checks, revisions);
}

/** Latest-year figures per province, for the tile map. */
export async function provinceFigures(metric: string): Promise<{ code: string; year: number; value: number | null }[]> {
  const m = METRICS.find((x) => x.id === metric)!;
  return query(
    `SELECT province_code AS code, year, ${m.sql} AS value FROM reports WHERE is_primary AND province_code IS NOT NULL AND year IS NOT NULL
     GROUP BY province_code, year ORDER BY province_code, year`,
  );
}

// ------------------------------------------------------------------ flags

let failedReady: Promise<void> | null = null;
/** failed_cells(report_id, col): wide columns that take part in an identity the report fails. */
function failedCells(): Promise<void> {
  failedReady ??= (async () => {
    const c = await db();
    const ids = new Map<string, string[]>();
    for (const t of ['2021', '2019'] as const) for (const i of identitiesOf(t)) ids.set(i.id, [...i.left, ...i.right]);
    const failed = await query<{ report_id: string; check_id: string }>(
      `SELECT report_id, check_id FROM checks WHERE NOT ok`,
    );
    await c.run(`CREATE TABLE failed_cells (report_id VARCHAR, col VARCHAR)`);
    const values = failed.flatMap((f) =>
      (ids.get(f.check_id) ?? []).map((k) => `('${f.report_id}', '${wideColumn(k)}')`),
    );
    if (values.length) await c.run(`INSERT INTO failed_cells VALUES ${values.join(',')}`);
  })();
  return failedReady;
}

/** For every region (and `national`) and year, the wide columns whose aggregate includes a failing number. */
let flagsCache: Promise<Map<string, Set<string>>> | null = null;
function allFlags(): Promise<Map<string, Set<string>>> {
  flagsCache ??= (async () => {
    await failedCells();
    const map = new Map<string, Set<string>>();
    for (const [, expr] of LEVELS) {
      const rows = await query<{ code: string; year: number; col: string }>(
        `SELECT DISTINCT ${expr.replace(/(\w+_code)/, 'r.$1')} AS code, r.year, f.col FROM reports r JOIN failed_cells f USING (report_id) WHERE r.is_primary AND r.year IS NOT NULL`,
      );
      for (const r of rows) {
        const key = `${r.code}|${Number(r.year)}`;
        map.set(key, (map.get(key) ?? new Set()).add(r.col));
      }
    }
    return map;
  })();
  return flagsCache;
}

/** Years in which a metric's aggregate for a region (or `national`) includes a number that fails an identity. */
export async function flaggedYears(metricSql: string, code = 'national'): Promise<Set<number>> {
  const cols = metricColumns(metricSql);
  const flags = await allFlags();
  const years = new Set<number>();
  for (const [key, set] of flags) {
    const [c, y] = key.split('|');
    if (c === code && cols.some((col) => set.has(col))) years.add(Number(y));
  }
  return years;
}
