/**
 * Body pages at any scale, without a page build per body: Astro renders one shell (`/agency/shell/`, the site's
 * layout around empty slots) and this step fills it for every body, one province at a time, next to the body's
 * shard (`data/bodies/<id>.json.zlib`) and its reports' texts (`data/texts/<id>.json.zlib`). `data/bodies/buckets.json`
 * records, per province and per body, the digest of the rows its files are drawn from and each file's content
 * hash. A rebuild links from the published site, without reading its cells or drawing anything, every province
 * and then every body whose digest is unchanged, and a file whose content hash is unchanged: after one province
 * changed, only the bodies whose rows (or whose peers' band) changed are read and drawn again.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TABLES, partFile, partOf, wideColumn } from '../domain/dataset.js';
import { levelCodes } from '../domain/divisions.js';
import { SHARD_DICTIONARY, TEXTS_DICTIONARY } from '../domain/preset-dictionaries.js';
import { escapeHtml, sqlString } from '../domain/format.js';
import { messagesFromColumn } from '../domain/messages.js';
import { METRICS, denominatorColumn, metricById, metricColumns, metricsSelect } from '../domain/metrics.js';
import { STANDARD_CHARTS, type PeerPoint } from '../domain/charts.js';
import {
  MIN_PEERS,
  lineSteps,
  shardKeys,
  shardPath,
  textsPath,
  type BodyShard,
  type Revision,
  type ShardPoint,
  type ShardReport,
} from '../domain/shard.js';
import { identitiesOf, type TemplateId } from '../domain/template.js';
import type { CellState } from '../domain/cells.js';
import { divisionByCode } from '../parse/region.js';
import { bodyPageHtml } from '../render/body.js';
import { pack } from './pack.js';
import type { DataVersion } from '../domain/citation.js';
import { cardPng } from './cards.js';
import { CARD_DESIGN, bodyCard, cardPath, dataDate, parserVersion, versionMeta } from './share.js';
import { sourceLines } from './source.js';

export const SHELL_PATH = 'agency/shell/index.html';
const SLOT_TITLE = 'GONGKAI_SLOT_TITLE';
const SLOT_DESCRIPTION = 'GONGKAI_SLOT_DESCRIPTION';
const SLOT_MAIN = '<gongkai-slot name="main"></gongkai-slot>';
const SLOT_HEAD = '<meta name="gongkai-slot" content="head">';
const SLOT_VERSION = 'GONGKAI_SLOT_VERSION';
const SLOT_CARD = 'GONGKAI_SLOT_CARD';
const SLOT_PATH = 'GONGKAI_SLOT_PATH';
const SLOT_CITE_VERSION = 'GONGKAI_SLOT_CITE_VERSION';
export const SLOTS = {
  title: SLOT_TITLE,
  description: SLOT_DESCRIPTION,
  main: SLOT_MAIN,
  head: SLOT_HEAD,
  version: SLOT_VERSION,
  card: SLOT_CARD,
  path: SLOT_PATH,
  citeVersion: SLOT_CITE_VERSION,
};

/** Per province, then per body: the digest of everything its files are drawn from, and those files (path → hash). */
const BUCKETS = 'data/bodies/buckets.json';
/**
 * The folders only the body step writes (pages, shards, texts): the ones a build takes over from the site before
 * last instead of linking their 450,000 national files one by one and removing that site's copies (together 40
 * of an unchanged national site's 66 s, 2026-12-07).
 */
export const SALVAGED = ['agency', 'data/bodies', 'data/texts'];
/** The files `buckets` lists under `dirs`, with their hashes. */
function filesUnder(buckets: Record<string, Bucket>, dirs: string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const bucket of Object.values(buckets))
    for (const body of Object.values(bucket.bodies ?? {}))
      for (const [rel, hash] of Object.entries(body.files))
        if (dirs.some((d) => rel.startsWith(`${d}/`))) files.set(rel, hash);
  return files;
}
const readBuckets = (file: string): Record<string, Bucket> =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Bucket>) : {};

/**
 * The salvaged folders moved into the site (a folder the site already holds must be empty, as `agency` is once
 * the shell is taken out, or it is left to be removed with the rest); the ones moved, when their record came too.
 */
function adoptSalvaged(siteDir: string, salvagedDir: string): string[] {
  if (!existsSync(join(salvagedDir, BUCKETS))) return [];
  const adopted: string[] = [];
  for (const rel of SALVAGED) {
    const [from, to] = [join(salvagedDir, rel), join(siteDir, rel)];
    if (!existsSync(from)) continue;
    try {
      if (existsSync(to)) rmdirSync(to);
      mkdirSync(dirname(to), { recursive: true });
      renameSync(from, to);
      adopted.push(rel);
    } catch {
      /* not empty here, or not movable: its files are linked one by one, as without a site before last */
    }
  }
  return adopted;
}
interface BodyFiles {
  key: string;
  files: Record<string, string>;
}
interface Bucket {
  bodies: Record<string, BodyFiles>;
}
/** Sorted by key: the record is the same however the province was read. */
const sortedByKey = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
/** The figure whose peers' band a body's chart draws: its first, new requests. */
const PEER_METRIC = metricById(STANDARD_CHARTS[0].metrics[0])!;

export interface BodiesOptions {
  /** The built site (Astro's output, holding the shell). */
  siteDir: string;
  /** The published data folder (Parquet). */
  dataDir: string;
  /** The site currently published, whose unchanged files are reused. */
  previousDir?: string;
  base: string;
  /** Write every report's text as a static file (off for benchmarks that measure pages alone). */
  texts?: boolean;
  reportPages: boolean;
  /** Draw a share card per body (else body pages share the site's card: src/site/pages.ts, cardMode). */
  cards?: boolean;
  /** Called after each province with the counts so far. */
  progress?: (done: number, total: number) => void;
  /** Worker threads sharing the provinces (default: one per core; one whenever body cards are drawn). */
  threads?: number;
  /**
   * The body folders (SALVAGED) of the site before last, taken out of it before its removal
   * (pipeline/publish.ts): moved into the site whole, each file in them whose hash is the one wanted is kept as
   * it is, not linked again.
   */
  salvagedDir?: string;
  /** Set by writeBodies for its threads: which of SALVAGED the site holds from the site before last. */
  recycledDirs?: string[];
  /** Bodies to draw in one province that make a thread share it (default SPLIT_AT; with more than one thread). */
  splitAt?: number;
}

export interface BodiesResult {
  bodies: number;
  written: number;
  reused: number;
  /** Share cards drawn (not reused), and the milliseconds they took. */
  cards: number;
  cardMs: number;
  /** Provinces whose rows were all unchanged: every file linked whole, nothing read or drawn. */
  provincesUnchanged: number;
  /** Of `reused`, the files kept as the site before last left them (SALVAGED), not linked again. */
  kept: number;
  /** Provinces whose drawing was shared between two threads (SPLIT_AT). */
  provincesShared: number;
  /** Bodies whose rows were read and files drawn (the rest were linked whole from the published site). */
  bodiesDrawn: number;
}

const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The code a body's files are drawn with beyond the shell (which Astro builds from the pages, components and
 * browser code, so its hash covers those): the rooms this step may import (ESLint holds it to them) and the
 * locked libraries. A change to any of it draws every body again rather than link a page drawn by the old code;
 * a change to the pipeline or the collector does not.
 */
const DRAWING_ROOMS = ['domain', 'charts', 'formats', 'parse', 'render', 'site'];
function drawingCode(): string {
  const src = fileURLToPath(new URL('../', import.meta.url));
  const hash = createHash('sha256');
  const sources = DRAWING_ROOMS.flatMap((room) =>
    readdirSync(join(src, room), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|mts|json|csv)$/.test(e.name))
      .map((e) => relative(src, join(e.parentPath, e.name))),
  ).sort();
  for (const rel of sources) hash.update(`${rel}\0`).update(readFileSync(join(src, rel)));
  const lock = join(src, '..', 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex').slice(0, 16);
}

const noneYet = (): BodiesResult => ({
  bodies: 0,
  written: 0,
  reused: 0,
  cards: 0,
  cardMs: 0,
  provincesUnchanged: 0,
  bodiesDrawn: 0,
  kept: 0,
  provincesShared: 0,
});

/** Region names above a body, province first (for its breadcrumbs). */
function crumbsOf(code: string | null): { code: string; name: string }[] {
  if (!code) return [];
  const { province, city, county } = levelCodes(code);
  return [province, city, county]
    .filter((c): c is string => !!c)
    .map((c) => ({ code: c, name: divisionByCode(c.replace(/(00)+$/, ''))?.name ?? '' }))
    .filter((c) => c.name && !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(c.name));
}

/**
 * Report columns no body file draws on: which report another copies, or duplicates. Left out of a body's digest,
 * a report elsewhere that changes which report is the original does not make every copy's body be read again
 * (one province's new numbers changed 2,540 such pointers across 30 provinces). A column the shard or page
 * starts to show must leave this list.
 */
const NOT_DRAWN = ['copy_of', 'duplicate_of'];

/**
 * Per body of a province: the digest of everything its files are drawn from besides its peers' band — its
 * reports' rows whole (their cells and checks follow from the file's bytes and the parser version, both in the
 * row), its own row, its publication record and its reports' revisions.
 */
async function bodyDigests(conn: DuckDBConnection, dataDir: string, inBucket: string): Promise<Map<string, string>> {
  const file = (name: string) => sqlString(join(dataDir, name));
  const own = `(SELECT agency_id, report_id, region_code FROM ${file('reports.parquet')} WHERE agency_id IS NOT NULL AND ${inBucket})`;
  // DuckDB's 64-bit hash of each whole row: a tenth of the time of MD5 over the row cast to text (4 s for a
  // province of 36,000 reports of 280 columns), and as sure a sign of change between two builds.
  const rowHash = (alias: string) => `CAST(hash(${alias}) AS VARCHAR)`;
  const revisions = existsSync(join(dataDir, 'revisions.parquet'))
    ? `UNION ALL SELECT o.agency_id, ${rowHash('v')} FROM ${file('revisions.parquet')} v JOIN ${own} o USING (report_id)`
    : '';
  const digests = await rows(
    conn,
    `WITH hashes AS (
       SELECT agency_id AS id, ${rowHash('r')} AS h FROM (SELECT * EXCLUDE (${NOT_DRAWN.join(', ')}) FROM ${file('reports.parquet')}
         WHERE agency_id IS NOT NULL AND ${inBucket}) r
       UNION ALL SELECT a.id, ${rowHash('a')} FROM ${file('agencies.parquet')} a SEMI JOIN ${own} o ON o.agency_id = a.id
       UNION ALL SELECT p.agency_id, ${rowHash('p')} FROM ${file('publications.parquet')} p SEMI JOIN ${own} o USING (agency_id)
       ${revisions})
     SELECT id, md5(string_agg(h, ',' ORDER BY h)) AS digest FROM hashes GROUP BY id`,
  );
  return new Map(digests.map((r) => [String(r.id), String(r.digest)]));
}

type ReportCells = Pick<ShardReport, 'values' | 'lines' | 'states'>;

/** A report's cells before any is read: no number, no line, and no cell in the data for any key (`-`). */
function noCells(template: TemplateId | null): ReportCells {
  const n = shardKeys(template).length;
  const states: ShardReport['states'] = {};
  for (let i = 0; i < n; i++) states[i] = '-';
  return { values: Array<number | null>(n).fill(null), lines: Array<number | null>(n).fill(null), states };
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** What one share of the provinces wrote: its buckets, and its counts. */
export interface ProvincesWritten {
  buckets: Record<string, Bucket>;
  result: BodiesResult;
  /** Files taken over from the site before last that no body of the thread's provinces claimed. */
  unclaimed: string[];
}

/** Provinces (first two digits of the region code; '' for bodies without one) and how many reports each has. */
async function provincesOf(dataDir: string): Promise<{ p: string; reports: number }[]> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    return (
      await rows(
        conn,
        `SELECT coalesce(left(region_code, 2), '') AS p, count(*) AS n FROM ${sqlString(join(dataDir, 'reports.parquet'))} WHERE agency_id IS NOT NULL GROUP BY p ORDER BY p`,
      )
    ).map((r) => ({ p: String(r.p), reports: Number(r.n) }));
  } finally {
    conn.closeSync();
  }
}

/**
 * The order provinces are handed out in: most reports first, so the largest start early and the small ones fill in
 * at the end (ties by code, so the order is fixed).
 */
export const byWork = (provinces: { p: string; reports: number }[]): string[] =>
  [...provinces].sort((a, b) => b.reports - a.reports || a.p.localeCompare(b.p)).map((pr) => pr.p);

/**
 * A province to write, with the record of its bodies' files in the site before last when the site holds them
 * (handed out a province at a time: each thread holding the whole national record took ~100 MB more apiece).
 */
export interface ProvinceToWrite {
  province: string;
  recycled?: Bucket;
  /** Only these bodies, all to be drawn: the share of a province another thread split (see SPLIT_AT). */
  bodies?: string[];
}
/**
 * A thread with this many bodies of one province to draw hands the bodies of the later half of its divisions to
 * another thread: one province changed in a national rebuild (5,143 bodies) was drawn by one thread for ~37 s
 * while the other, its 31 unchanged provinces kept, waited (2026-12-07).
 */
export const SPLIT_AT = 200;
/** Asks the main thread for the next province to write; undefined when none is left. */
type NextProvince = () => Promise<ProvinceToWrite | undefined>;

/**
 * Provinces written by a worker thread, one at a time as it asks for them: a thread that drew the one changed
 * province of an incremental build no longer also links half the unchanged ones while the other thread waits.
 */
function inWorker(
  o: BodiesOptions,
  shell: string,
  take: () => ProvinceToWrite | undefined,
  onProvince: () => void,
  offer: (share: ProvinceToWrite) => void,
) {
  return new Promise<ProvincesWritten>((done, fail) => {
    const { progress: _progress, ...options } = o;
    const worker = new Worker(new URL('./bodies-worker.mjs', import.meta.url), { workerData: { options, shell } });
    worker.on(
      'message',
      (m: { next: true } | { province: true } | { done: ProvincesWritten } | { offer: ProvinceToWrite }) => {
        if ('next' in m) worker.postMessage({ next: take() ?? null });
        else if ('offer' in m) offer(m.offer);
        else if ('done' in m) done(m.done);
        else onProvince();
      },
    );
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail(new Error(`body pages worker exited with ${code}`)));
  });
}

/**
 * Every body's page, shard and texts. Without share cards of bodies (a national site) the provinces are handed to
 * one worker thread per core as each asks for its next; a province's files are the same whoever writes them, so
 * the site is too.
 */
export async function writeBodies(o: BodiesOptions): Promise<BodiesResult> {
  const shellFile = join(o.siteDir, SHELL_PATH);
  const shell = readFileSync(shellFile, 'utf8');
  rmSync(dirname(shellFile), { recursive: true, force: true });
  const recycledDirs = o.salvagedDir ? adoptSalvaged(o.siteDir, o.salvagedDir) : [];
  o = { ...o, recycledDirs };
  const queue: ProvinceToWrite[] = byWork(await provincesOf(o.dataDir)).map((province) => ({ province }));
  const provinces = queue.length;
  // Cards are drawn in the main thread (satori and resvg, the site's other cards) and only on small sites.
  const threads = o.cards === false ? Math.max(1, Math.min(o.threads ?? cpus().length, provinces)) : 1;
  let done = 0;
  const onProvince = () => o.progress?.(++done, provinces);
  o.progress?.(0, provinces); // the clock of the rate starts here
  // The record of the site before last, handed out with its provinces; what is left is of provinces now gone.
  const recycledRecord = recycledDirs.length ? readBuckets(join(o.siteDir, BUCKETS)) : {};
  const take = (): ProvinceToWrite | undefined => {
    const unit = queue.shift();
    if (!unit || unit.bodies) return unit;
    const recycled = recycledRecord[unit.province];
    delete recycledRecord[unit.province];
    return { ...unit, recycled };
  };
  // A share of a province is taken before any other province: its thread is drawing the rest of it now.
  const offer = (share: ProvinceToWrite) => queue.unshift(share);
  const parts =
    threads > 1
      ? await Promise.all(Array.from({ length: threads }, () => inWorker(o, shell, take, onProvince, offer)))
      : [await writeProvinces(o, shell, async () => take(), onProvince)];
  // A province shared by two threads has bodies in each one's record.
  const buckets: Record<string, Bucket> = {};
  for (const part of parts)
    for (const [p, bucket] of Object.entries(part.buckets))
      buckets[p] = { bodies: sortedByKey({ ...buckets[p]?.bodies, ...bucket.bodies }) };
  if (recycledDirs.length)
    removeUnclaimed(
      o.siteDir,
      [...parts.flatMap((part) => part.unclaimed), ...filesUnder(recycledRecord, recycledDirs).keys()],
      buckets,
    );
  mkdirSync(join(o.siteDir, dirname(BUCKETS)), { recursive: true });
  // Removed, never written over: the record taken over from the site before last may share its inode.
  rmSync(join(o.siteDir, BUCKETS), { force: true });
  writeFileSync(
    join(o.siteDir, BUCKETS),
    JSON.stringify(Object.fromEntries(Object.entries(buckets).sort(([a], [b]) => a.localeCompare(b)))),
  );
  const total = noneYet();
  for (const { result } of parts) for (const k of Object.keys(total) as (keyof BodiesResult)[]) total[k] += result[k];
  return total;
}

/**
 * The files taken over from the site before last that no body of this build claimed (bodies gone, files no longer
 * drawn) removed, and the folders of bodies gone with them.
 */
function removeUnclaimed(siteDir: string, unclaimed: string[], buckets: Record<string, Bucket>): void {
  // A body whose region moved to another province claims its files there.
  const claimed = filesUnder(buckets, SALVAGED);
  for (const rel of unclaimed) {
    if (claimed.has(rel)) continue;
    rmSync(join(siteDir, rel), { force: true });
    try {
      if (rel.startsWith('agency/')) rmdirSync(dirname(join(siteDir, rel)));
    } catch {
      /* a body's folder that still holds a file of this build */
    }
  }
}

export interface Part {
  where: string;
  agencies: string;
  /** The part's division (four digits); null for the bodies across divisions, undefined for bodies without a region. */
  division?: string | null;
}

/** Each body of a province and the division its reports lie in: null when they lie in more than one. */
async function bodyDivisions(
  conn: DuckDBConnection,
  dataDir: string,
  inBucket: string,
): Promise<Map<string, string | null>> {
  return new Map(
    (
      await rows(
        conn,
        `SELECT agency_id, CASE WHEN count(DISTINCT left(region_code, 4)) = 1 THEN any_value(left(region_code, 4)) END AS d
         FROM ${sqlString(join(dataDir, 'reports.parquet'))} WHERE agency_id IS NOT NULL AND ${inBucket} GROUP BY agency_id`,
      )
    ).map((r) => [String(r.agency_id), (r.d as string | null) ?? null]),
  );
}

/**
 * How a province is read: a division (the first four digits of the region code) at a time, for the bodies whose
 * reports all lie in it, then the whole province for the few bodies whose reports lie in more than one (a code
 * changed between years). A whole province's cells and checks on every thread was the site build's peak: 2.5 GB
 * a thread for 江苏's 5,000 bodies. `agencies` is the SQL condition on `agency_id` that picks a part's bodies.
 */
function partsFrom(province: string, inBucket: string, divisionOf: Map<string, string | null>): Part[] {
  if (!province) return [{ where: inBucket, agencies: 'true' }];
  const spanning = [...divisionOf].filter(([, d]) => d === null).map(([id]) => id);
  const spanningList = spanning.length ? `(${spanning.sort().map(sqlString).join(',')})` : '';
  const divisions = [...new Set([...divisionOf.values()].filter((d): d is string => d !== null))].sort();
  return [
    ...divisions.map((d) => ({
      where: `region_code >= '${d}' AND region_code < '${d}~'`,
      agencies: spanningList ? `agency_id NOT IN ${spanningList}` : 'true',
      division: d,
    })),
    ...(spanningList ? [{ where: inBucket, agencies: `agency_id IN ${spanningList}`, division: null }] : []),
  ];
}

export const partsOf = async (
  conn: DuckDBConnection,
  dataDir: string,
  province: string,
  inBucket: string,
): Promise<Part[]> => partsFrom(province, inBucket, await bodyDivisions(conn, dataDir, inBucket));

/**
 * A part's rows, read by DuckDB: its reports, each report's cells (in shard order), checks and revisions, its
 * bodies' figures by year and publication record.
 */
async function readPart(
  conn: DuckDBConnection,
  file: (name: string) => string,
  part: { where: string; agencies: string },
  revisions: boolean,
  province: string,
) {
  const inPart = part.where;
  // The province's own file of the long tables (one file per province: domain/dataset.ts).
  const ofProvince = (table: string) =>
    file(
      partFile(
        TABLES.find((t) => t.name === table)!,
        partOf(province || null),
      ),
    );
  const partReports = `(SELECT report_id FROM ${file('reports.parquet')} WHERE agency_id IS NOT NULL AND ${inPart} AND ${part.agencies})`;
  // The wide cell columns stay in the file: a shard takes its cells from the cells table, below.
  const reports = await rows(
    conn,
    `SELECT COLUMNS(c -> NOT regexp_matches(c, '^t[234]_')) FROM ${file('reports.parquet')} WHERE agency_id IS NOT NULL AND ${inPart} AND ${part.agencies} ORDER BY agency_id, year NULLS LAST, file`,
  );
  // Each report's cells as [position, value, line] in the template's shard order, and its states other than
  // `read`, built by DuckDB as JSON: reading millions of cell rows into JavaScript objects was most of this step's
  // time. Placed by position here, not sorted there: joining every key to every report and sorting three lists
  // per report took four times as long (province 32's first division: 596 ms against 147 ms).
  const cells = await rows(
    conn,
    `SELECT c.report_id, r.template,
           to_json(list([k.i, c.value, c.source_line])) AS cells,
           to_json(list([k.i::VARCHAR, c.state]) FILTER (WHERE c.state <> 'read')) AS states
         FROM (SELECT report_id, key, value, state, source_line FROM ${ofProvince('cells')} WHERE ${inPart}) c
         JOIN (SELECT report_id, coalesce(template, '2021') AS template FROM ${file('reports.parquet')}
               WHERE agency_id IS NOT NULL AND ${inPart} AND ${part.agencies}) r USING (report_id)
         JOIN shard_keys k ON k.template = r.template AND k.key = c.key
         GROUP BY c.report_id, r.template`,
  );
  // Only the identities that fail, which flag the figures drawn from their cells: the page tests every identity
  // on the shard's cells itself (src/domain/shard.ts).
  const failing = await rows(
    conn,
    `SELECT report_id, to_json(list(check_id ORDER BY check_id)) AS failed
           FROM ${ofProvince('checks')} WHERE ${inPart} AND NOT ok AND report_id IN ${partReports} GROUP BY report_id`,
  );
  const metrics = await rows(
    conn,
    `SELECT agency_id, year, ${metricsSelect()} FROM ${file('reports.parquet')} WHERE is_primary AND agency_id IS NOT NULL AND year IS NOT NULL AND ${inPart} AND ${part.agencies} GROUP BY ALL ORDER BY agency_id, year`,
  );
  const publications = await rows(
    conn,
    `SELECT p.* FROM ${file('publications.parquet')} p SEMI JOIN (SELECT agency_id FROM ${file('reports.parquet')} WHERE agency_id IS NOT NULL AND ${inPart} AND ${part.agencies}) r USING (agency_id) ORDER BY p.agency_id, p.year`,
  );
  const cellsOf = new Map<string, ReportCells>();
  for (const c of cells) {
    const own = noCells(c.template as TemplateId);
    for (const [i, value, line] of JSON.parse(String(c.cells)) as [number, number | null, number | null][]) {
      own.values[i] = value;
      own.lines[i] = line;
      delete own.states[i];
    }
    if (c.states !== null)
      for (const [i, state] of JSON.parse(String(c.states)) as [string, CellState][]) own.states[Number(i)] = state;
    cellsOf.set(String(c.report_id), own);
  }
  const failedOf = new Map(failing.map((k) => [String(k.report_id), JSON.parse(String(k.failed)) as string[]]));
  const revisionsOf = new Map<string, Revision[]>();
  if (revisions)
    for (const [id, seen] of Map.groupBy(
      await rows(
        conn,
        `SELECT v.* FROM ${file('revisions.parquet')} v WHERE report_id IN ${partReports} ORDER BY v.report_id, v.changed_seen, v.cell`,
      ),
      (v) => String(v.report_id),
    ))
      revisionsOf.set(
        id,
        seen.map((v) => ({
          cell: String(v.cell),
          old_value: num(v.old_value),
          new_value: num(v.new_value),
          first_seen: String(v.first_seen),
          changed_seen: String(v.changed_seen),
        })),
      );
  return { reports, cellsOf, failedOf, metrics, publications, revisionsOf };
}

/** The body files of the provinces `next` hands out, reusing the published site's where unchanged. */
export async function writeProvinces(
  o: BodiesOptions,
  shell: string,
  next: NextProvince,
  onProvince: () => void,
  /** Hands a share of a province to another thread (none when this is the only one). */
  offer?: (share: ProvinceToWrite) => void,
): Promise<ProvincesWritten> {
  const shellHash = sha(shell);
  const previousBuckets = o.previousDir ? readBuckets(join(o.previousDir, BUCKETS)) : {};
  /**
   * The files the site holds from the site before last (see SALVAGED), a province's at a time (`recycled`, each
   * until a body claims it): the whole record as a map on each thread took the peak of a national build whose
   * every body was drawn to 4,050 MiB (2026-12-07).
   */
  let recycled = new Map<string, string>();
  const unclaimed: string[] = [];
  /** Every file of the published site's bodies, and its content hash. */
  const previous = new Map<string, string>();
  for (const bucket of Object.values(previousBuckets))
    for (const body of Object.values(bucket.bodies ?? {}))
      for (const [rel, hash] of Object.entries(body.files)) previous.set(rel, hash);
  const bucketsNow: Record<string, Bucket> = {};
  /** The files of the body being written, recorded for the next build's skip. */
  let bodyFiles: Record<string, string> = {};
  const result = noneYet();
  const parser = parserVersion();
  const made = new Set<string>();

  /**
   * Keeps `rel` (taken over from the site before last) or links it from the published site when its content there
   * has this hash; false when it must be written.
   */
  const reuse = (rel: string, hash: string): false | 'kept' | 'linked' => {
    bodyFiles[rel] = hash;
    const target = join(o.siteDir, rel);
    const here = recycled.get(rel);
    if (here !== undefined) {
      recycled.delete(rel);
      if (here === hash) {
        result.reused++;
        result.kept++;
        return 'kept';
      }
      // Removed, never written over: its inode may be the published site's too.
      rmSync(target, { force: true });
    }
    const dir = dirname(target);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    if (previous.get(rel) !== hash || !o.previousDir) return false;
    try {
      linkSync(join(o.previousDir, rel), target);
      result.reused++;
      return 'linked';
    } catch {
      return false; // the previous file is gone or on another device: write it
    }
  };
  /** Every file of an unchanged body kept or linked; false (and nothing left) if one is gone. */
  const linkBody = (body: BodyFiles): boolean => {
    const done: [string, 'kept' | 'linked'][] = [];
    for (const [rel, hash] of Object.entries(body.files)) {
      const how = reuse(rel, hash);
      if (!how) {
        for (const [l] of done) rmSync(join(o.siteDir, l), { force: true });
        result.reused -= done.length;
        result.kept -= done.filter(([, h]) => h === 'kept').length;
        bodyFiles = {};
        return false;
      }
      done.push([rel, how]);
    }
    return true;
  };
  const write = (rel: string, content: string | Uint8Array) => {
    // A file left in a folder taken over from the site before last is removed first, never written over.
    if (o.recycledDirs?.length) rmSync(join(o.siteDir, rel), { force: true });
    writeFileSync(join(o.siteDir, rel), content);
    result.written++;
  };

  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const file = (name: string) => sqlString(join(o.dataDir, name));
  const failedByReport = new Map<string, Set<string>>();
  const identityCells = new Map<string, string[]>();
  for (const tpl of ['2021', '2019'] as TemplateId[])
    for (const i of identitiesOf(tpl)) identityCells.set(i.id, [...i.left, ...i.right].map(wideColumn));
  const metricCols = new Map(METRICS.map((m) => [m.id, metricColumns(m.sql)]));
  const withRevisions = existsSync(join(o.dataDir, 'revisions.parquet'));
  // Whatever draws a body's files besides its rows: the shell, the options, the code.
  const drawnWith = [
    shellHash,
    shardPath(''),
    textsPath(''),
    o.base,
    o.reportPages,
    o.texts ?? true,
    o.cards ?? true,
    parser,
    CARD_DESIGN,
    drawingCode(),
  ].join('|');
  try {
    await conn.run(`CREATE TEMP TABLE shard_keys (template VARCHAR, key VARCHAR, i INTEGER)`);
    await conn.run(
      `INSERT INTO shard_keys VALUES ${(['2021', '2019'] as TemplateId[])
        .flatMap((t) => shardKeys(t).map((k, i) => `('${t}', ${sqlString(k)}, ${i})`))
        .join(',')}`,
    );
    for (let n = await next(); n !== undefined; n = await next()) {
      const p = n.province;
      unclaimed.push(...recycled.keys());
      recycled = filesUnder(n.recycled ? { [p]: n.recycled } : {}, o.recycledDirs ?? []);
      // One province at a time: its reports, cells and checks (the long tables are sorted by region, so each
      // read touches that province's row groups only) — memory stays that of the largest province.
      const inBucket = p ? `region_code >= '${p}' AND region_code < '${p}~'` : 'region_code IS NULL';
      // Peers: bodies of the same level and kind in this province, by year (src/domain/shard.ts).
      const peerRows = await rows(
        conn,
        `WITH per AS (SELECT agency_id, year, ${PEER_METRIC.sql} AS v FROM ${file('reports.parquet')}
                      WHERE is_primary AND agency_id IS NOT NULL AND year IS NOT NULL AND ${inBucket} GROUP BY agency_id, year)
         SELECT a.level, a.kind, per.year, round(quantile_cont(v, 0.25), 2) AS lo, round(median(v), 2) AS mid,
                round(quantile_cont(v, 0.75), 2) AS hi, count(*) AS n
         FROM per JOIN ${file('agencies.parquet')} a ON a.id = per.agency_id WHERE v IS NOT NULL
         GROUP BY ALL HAVING count(*) >= ${MIN_PEERS} ORDER BY a.level, a.kind, per.year`,
      );
      const peersOf = new Map<string, PeerPoint[]>();
      for (const r of peerRows) {
        const key = `${String(r.level)}|${String(r.kind)}`;
        peersOf.set(key, [
          ...(peersOf.get(key) ?? []),
          { year: Number(r.year), lo: Number(r.lo), mid: Number(r.mid), hi: Number(r.hi), n: Number(r.n) },
        ]);
      }
      const placeOf = new Map(
        (await rows(conn, `SELECT id, level, kind FROM ${file('agencies.parquet')} WHERE ${inBucket}`)).map((a) => [
          String(a.id),
          { level: String(a.level), kind: String(a.kind) },
        ]),
      );
      const bandOf = (id: string) => {
        const place = placeOf.get(id);
        const band = place && peersOf.get(`${place.level}|${place.kind}`);
        return place && band ? { place, band } : null;
      };
      // A body's files follow from its digest and its peers' band; a province's, from all of its bodies'.
      const digests = await bodyDigests(conn, o.dataDir, inBucket);
      const bodyKeys = new Map(
        [...digests].map(([id, digest]) => [id, sha(`${drawnWith}|${id}|${digest}|${JSON.stringify(bandOf(id))}`)]),
      );
      const before = previousBuckets[p];
      const bodiesNow: Record<string, BodyFiles> = {};
      /** Links a body whose key is unchanged; false when it must be read and drawn. */
      const linked = (id: string): boolean => {
        const was = before?.bodies?.[id];
        bodyFiles = {};
        if (was?.key !== bodyKeys.get(id) || !linkBody(was)) return false;
        bodiesNow[id] = was;
        result.bodies++;
        return true;
      };
      // A share of a province holds only bodies to draw; its other bodies were linked by the thread that split it.
      const toDraw = n.bodies ? new Set(n.bodies) : new Set([...bodyKeys.keys()].filter((id) => !linked(id)));
      if (!toDraw.size) {
        // A whole province unchanged: every body linked, no part read.
        bucketsNow[p] = { bodies: sortedByKey(bodiesNow) };
        result.provincesUnchanged++;
        onProvince();
        continue;
      }
      const divisionOf = await bodyDivisions(conn, o.dataDir, inBucket);
      const parts = partsFrom(p, inBucket, divisionOf);
      const bodiesOfPart = parts.map((part) =>
        [...divisionOf.keys()].filter((id) => part.division === undefined || divisionOf.get(id) === part.division),
      );
      if (offer && !n.bodies && toDraw.size >= (o.splitAt ?? SPLIT_AT)) {
        // The bodies of the parts past the first half of the drawing, whole parts, go to another thread.
        const offered: string[] = [];
        let counted = 0;
        for (const inPart of bodiesOfPart) {
          const drawn = inPart.filter((id) => toDraw.has(id));
          if (counted >= toDraw.size / 2) offered.push(...drawn);
          counted += drawn.length;
        }
        if (offered.length) {
          const theirs: Record<string, BodyFiles> = {};
          for (const id of offered) {
            toDraw.delete(id);
            const files = n.recycled?.bodies?.[id];
            if (!files) continue;
            theirs[id] = files;
            for (const rel of Object.keys(files.files)) recycled.delete(rel);
          }
          offer({ province: p, bodies: offered, recycled: { bodies: theirs } });
          result.provincesShared++;
        }
      }
      for (const [i, part] of parts.entries()) {
        // Only the part's bodies that changed are read: those of its division (or across divisions).
        const bodiesInPart = bodiesOfPart[i];
        const inPartToDraw = bodiesInPart.filter((id) => toDraw.has(id));
        if (!inPartToDraw.length) continue;
        const whole = inPartToDraw.length === bodiesInPart.length;
        const { reports, cellsOf, failedOf, metrics, publications, revisionsOf } = await readPart(
          conn,
          file,
          whole
            ? part
            : { ...part, agencies: `${part.agencies} AND agency_id IN (${inPartToDraw.map(sqlString).join(',')})` },
          withRevisions,
          p,
        );
        for (const [id, failed] of failedOf) {
          const set = failedByReport.get(id) ?? new Set<string>();
          for (const check of failed) for (const col of identityCells.get(check) ?? []) set.add(col);
          failedByReport.set(id, set);
        }
        const ofAgency = (row: Record<string, unknown>) => String(row.agency_id);
        const byAgency = Map.groupBy(reports, ofAgency);
        const metricsOf = Map.groupBy(metrics, ofAgency);
        const publicationsOf = Map.groupBy(publications, ofAgency);

        for (const [id, list] of byAgency) {
          bodyFiles = {};
          const first = list[0];
          const shardReports: ShardReport[] = list.map((r) => {
            const template = (r.template ?? null) as TemplateId | null;
            const own = cellsOf.get(String(r.report_id)) ?? noCells(template);
            return {
              report_id: String(r.report_id),
              year: num(r.year),
              title: (r.title as string) ?? null,
              agency: (r.agency as string) ?? null,
              file: String(r.file),
              format: (r.format as string) ?? null,
              sha256: String(r.sha256),
              status: r.status as ShardReport['status'],
              is_primary: Boolean(r.is_primary),
              template,
              messages: messagesFromColumn(r.messages),
              published_on: (r.published_on as string) ?? null,
              signed_on: (r.signed_on as string) ?? null,
              index_no: (r.index_no as string) ?? null,
              publisher: (r.publisher as string) ?? null,
              source_url: (r.source_url as string) ?? null,
              fetched_at: (r.fetched_at as string) ?? null,
              revised: Boolean(r.revised),
              removed: Boolean(r.removed),
              revisions: revisionsOf.get(String(r.report_id)) ?? [],
              values: own.values,
              lines: lineSteps(own.lines),
              states: own.states,
            };
          });
          const byYear = new Map<number, string[]>();
          for (const r of shardReports)
            if (r.is_primary && r.year !== null) byYear.set(r.year, [...(byYear.get(r.year) ?? []), r.report_id]);
          const shardMetrics: Record<string, ShardPoint[]> = {};
          for (const m of METRICS)
            shardMetrics[m.id] = (metricsOf.get(id) ?? []).map((row) => {
              const year = Number(row.year);
              const flagged = (byYear.get(year) ?? []).some((rid) =>
                metricCols.get(m.id)!.some((col) => failedByReport.get(rid)?.has(col)),
              );
              const n = m.denominator ? num(row[denominatorColumn(m.id)]) : null;
              return {
                year,
                value: num(row[m.id]),
                ...(flagged ? { flagged: true as const } : {}),
                ...(n !== null ? { n } : {}),
              };
            });
          const shard: BodyShard = {
            id,
            name: String(first.agency_name ?? first.agency ?? id),
            region_code: (first.region_code as string) ?? null,
            region_name: (first.region_name as string) ?? null,
            reports: shardReports,
            publications: (publicationsOf.get(id) ?? []).map((p) => ({
              year: Number(p.year),
              status: p.status as BodyShard['publications'][number]['status'],
              report_id: (p.report_id as string) ?? null,
              published_on: (p.published_on as string) ?? null,
              deadline: String(p.deadline),
              days_late: num(p.days_late),
            })),
            metrics: shardMetrics,
          };
          const peers = bandOf(id);
          if (peers) shard.peers = { ...peers.place, metrics: { [PEER_METRIC.id]: peers.band } };
          const json = JSON.stringify(shard);
          const shardHash = sha(json);
          if (!reuse(shardPath(id), shardHash)) write(shardPath(id), pack(json, SHARD_DICTIONARY));
          const shardUrl = `${o.base}${shardPath(id)}?v=${shardHash}`;
          // The texts are the files': hashed by the files' own hashes, an unchanged body's are linked, not reread.
          const textsHash = o.texts === false ? '' : sha(shardReports.map((r) => `${r.report_id}:${r.sha256}`).join());
          if (textsHash && !reuse(textsPath(id), textsHash)) {
            const texts: Record<string, string> = {};
            for (const r of shardReports) texts[r.report_id] = (await sourceLines(r.file, r.sha256)).lines.join('\n');
            write(textsPath(id), pack(JSON.stringify(texts), TEXTS_DICTIONARY));
          }
          const textsUrl = textsHash ? `${o.base}${textsPath(id)}?v=${textsHash}` : undefined;
          // The card is drawn from a few of the shard's facts: its own hash skips the drawing when they are unchanged.
          const card = bodyCard(shard);
          const cardRel = o.cards === false ? cardPath.site : cardPath.body(id);
          const cardHash = o.cards === false ? '' : sha(`${CARD_DESIGN}${JSON.stringify(card)}`);
          if (o.cards !== false && !reuse(cardRel, cardHash)) {
            const t0 = performance.now();
            writeFileSync(join(o.siteDir, cardRel), await cardPng(card));
            result.cardMs += performance.now() - t0;
            result.cards++;
            result.written++;
          }
          const pageHash = sha(`${shellHash}${shardHash}${textsHash}${o.base}${o.reportPages}${parser}${cardHash}`);
          if (!reuse(`agency/${id}/index.html`, pageHash)) {
            const version: DataVersion = {
              date: dataDate(shardReports.flatMap((r) => [r.published_on, r.signed_on])),
              parser,
              hash: shardHash,
            };
            const years = shardReports.map((r) => r.year).filter((y): y is number => y !== null);
            const description = `${shard.name}${years.length ? ` ${Math.min(...years)}–${Math.max(...years)}` : ''} 政府信息公开工作年度报告：申请、公开、复议与诉讼数据`;
            const page = shell
              .replaceAll(SLOT_TITLE, escapeHtml(shard.name))
              .replaceAll(SLOT_DESCRIPTION, escapeHtml(description))
              .replaceAll(SLOT_CITE_VERSION, escapeHtml(versionMeta(version)))
              .replaceAll(SLOT_VERSION, shardHash)
              .replaceAll(SLOT_CARD, cardHash ? `${cardRel}?v=${cardHash}` : cardRel)
              .replaceAll(SLOT_PATH, `agency/${id}/`)
              .replace(SLOT_HEAD, `<link rel="canonical" href="${escapeHtml(`${o.base}agency/${id}/`)}">`)
              .replace(
                SLOT_MAIN,
                bodyPageHtml(shard, {
                  base: o.base,
                  crumbs: crumbsOf(shard.region_code),
                  reportPages: o.reportPages,
                  shardUrl,
                  textsUrl,
                  failedChecks: new Map(shardReports.map((r) => [r.report_id, failedOf.get(r.report_id)?.length ?? 0])),
                }),
              );
            write(`agency/${id}/index.html`, page);
          }
          bodiesNow[id] = { key: bodyKeys.get(id)!, files: sortedByKey(bodyFiles) };
          result.bodies++;
          result.bodiesDrawn++;
        }
      }
      bucketsNow[p] = { bodies: sortedByKey({ ...bucketsNow[p]?.bodies, ...bodiesNow }) };
      if (!n.bodies) onProvince();
    }
  } finally {
    conn.closeSync();
  }
  unclaimed.push(...recycled.keys());
  return { buckets: bucketsNow, result, unclaimed };
}
