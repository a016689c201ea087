/**
 * A parsed report as the build stores it: its `reports` row (without the wide cell columns), its cells packed in
 * template-key order, its checks. Made where the report is parsed (a worker thread), so that the main thread,
 * which every report passes through, only appends: a report's three maps of ~200 named cells cost more to copy
 * between threads, and to turn into rows one value at a time, than to parse.
 */
import { createHash } from 'node:crypto';
import { CELL_STATES, type CellState } from '../domain/cells.js';
import { levelCodes } from '../domain/divisions.js';
import { messagesToColumn } from '../domain/messages.js';
import { ALL_CELL_KEYS, ALL_IDENTITY_IDS } from '../domain/template.js';
import type { ParsedReport } from '../parse/report.js';
import type { Row } from './parquet.js';

export const reportIdOf = (path: string): string => createHash('sha256').update(path).digest('hex').slice(0, 16);

/**
 * A report's cells, position for position: `keys` index `ALL_CELL_KEYS`, `states` index `CELL_STATES`. Typed
 * arrays, so that posting a report to the main thread copies four blocks of memory rather than ~1,100 values
 * one by one (5% of a parser thread's time); views of one buffer (`buffer`), which a parser thread hands over
 * rather than copies. Read a value and a line through `cellValue` and `cellLine`.
 */
export interface PackedCells {
  keys: Uint16Array;
  /** NaN: no value (a blank, or a cell not read); a parsed number is never NaN. */
  values: Float64Array;
  /** -1: the parser recorded no state. */
  states: Int8Array;
  /** -1: no source line. */
  lines: Int32Array;
  /** The one buffer the four arrays view. */
  buffer: ArrayBuffer;
}

/**
 * A report's checks, position for position: `ids` index `ALL_IDENTITY_IDS`, `details` holds each check's detail
 * in turn, joined by a character no detail holds. Forty checks as arrays of two strings each were two thirds of
 * the time a parser thread spent posting a report (27 of 40 µs), and the main thread's to take it.
 */
export interface PackedChecks {
  ids: Uint16Array;
  ok: Uint8Array;
  details: string;
}

/** Between two checks' details: never in one (they are numbers, cell keys and signs). */
export const DETAIL_SEPARATOR = '\u0000';

export const cellValue = (cells: PackedCells, i: number): number | null =>
  Number.isNaN(cells.values[i]) ? null : cells.values[i];
export const cellLine = (cells: PackedCells, i: number): number | null => (cells.lines[i] < 0 ? null : cells.lines[i]);

export interface ReportRecord {
  /** The report's columns of `reports` (the body and the file's provenance are filled in by the build). */
  row: Row;
  cells: PackedCells;
  checks: PackedChecks;
}

const STATE_INDEX = new Map<CellState, number>(CELL_STATES.map((s, i) => [s.state, i]));

/** As long as the key list, reused: a report's cells are packed here, then copied out at their count. */
const SCRATCH = {
  keys: new Uint16Array(ALL_CELL_KEYS.length),
  values: new Float64Array(ALL_CELL_KEYS.length),
  states: new Int8Array(ALL_CELL_KEYS.length),
  lines: new Int32Array(ALL_CELL_KEYS.length),
};

function packCells(r: ParsedReport): PackedCells {
  let n = 0;
  for (let k = 0; k < ALL_CELL_KEYS.length; k++) {
    const key = ALL_CELL_KEYS[k];
    const value = r.cells[key];
    // A cell the report has holds a number or null; a key it has no cell for reads undefined.
    if (value === undefined) continue;
    SCRATCH.keys[n] = k;
    SCRATCH.values[n] = value ?? NaN;
    SCRATCH.states[n] = STATE_INDEX.get(r.cell_states[key]) ?? -1;
    SCRATCH.lines[n] = r.cell_lines[key] ?? -1;
    n++;
  }
  // Widest first, so that every view starts on a multiple of its element's size.
  const buffer = new ArrayBuffer(n * (8 + 4 + 2 + 1));
  const cells: PackedCells = {
    values: new Float64Array(buffer, 0, n),
    lines: new Int32Array(buffer, n * 8, n),
    keys: new Uint16Array(buffer, n * 12, n),
    states: new Int8Array(buffer, n * 14, n),
    buffer,
  };
  cells.values.set(SCRATCH.values.subarray(0, n));
  cells.lines.set(SCRATCH.lines.subarray(0, n));
  cells.keys.set(SCRATCH.keys.subarray(0, n));
  cells.states.set(SCRATCH.states.subarray(0, n));
  return cells;
}

const IDENTITY_INDEX = new Map(ALL_IDENTITY_IDS.map((id, i) => [id, i]));

function packChecks(checks: ParsedReport['checks']): PackedChecks {
  const ids = new Uint16Array(checks.length);
  const ok = new Uint8Array(checks.length);
  checks.forEach((c, i) => {
    const at = IDENTITY_INDEX.get(c.id);
    if (at === undefined) throw new Error(`check ${c.id} is no identity of the template`);
    if (c.detail.includes(DETAIL_SEPARATOR)) throw new Error(`check ${c.id}'s detail holds the separator`);
    ids[i] = at;
    ok[i] = c.ok ? 1 : 0;
  });
  return { ids, ok, details: checks.map((c) => c.detail).join(DETAIL_SEPARATOR) };
}

/** A packed report's checks one by one, as the parser gave them. */
export function* unpackChecks({
  ids,
  ok,
  details,
}: PackedChecks): Generator<[identity: number, ok: boolean, detail: string]> {
  const texts = ids.length ? details.split(DETAIL_SEPARATOR) : [];
  for (let i = 0; i < ids.length; i++) yield [ids[i], ok[i] === 1, texts[i]];
}

/** How many of the values are null (NaN) and how many are numbers other than zero, counted in one pass. */
function counts(values: Float64Array): { nulls: number; nonzero: number } {
  let nulls = 0;
  let nonzero = 0;
  for (const v of values)
    if (Number.isNaN(v)) nulls++;
    else if (v !== 0) nonzero++;
  return { nulls, nonzero };
}

/** The wide cell columns of `reports` (`ALL_CELL_KEYS` order), null where the report has no such cell. */
export function wideValues(cells: PackedCells): (number | null)[] {
  const wide = new Array<number | null>(ALL_CELL_KEYS.length).fill(null);
  cells.keys.forEach((k, i) => (wide[k] = cellValue(cells, i)));
  return wide;
}

/** Cell key positions in key-name order: what `tables_md5` hashes in. */
const BY_NAME = ALL_CELL_KEYS.map((_, i) => i).sort((a, b) => (ALL_CELL_KEYS[a] < ALL_CELL_KEYS[b] ? -1 : 1));

function tablesMd5(cells: PackedCells): string {
  const at = new Int32Array(ALL_CELL_KEYS.length).fill(-1);
  cells.keys.forEach((k, i) => (at[k] = i));
  const parts: string[] = [];
  for (const k of BY_NAME) if (at[k] >= 0) parts.push(`${ALL_CELL_KEYS[k]}=${cellValue(cells, at[k]) ?? '·'}`);
  return createHash('md5').update(parts.join(',')).digest('hex');
}

export function recordOf(r: ParsedReport, path: string): ReportRecord {
  const levels = levelCodes(r.region_code);
  const cells = packCells(r);
  const { nulls, nonzero } = counts(cells.values);
  const row: Row = {
    report_id: reportIdOf(path),
    region_code: r.region_code,
    year: r.year,
    agency: r.agency,
    // The body is decided after parsing, over every report in file order (build.ts, assignBodies).
    agency_id: null,
    agency_name: null,
    copy_of: null,
    region_code_as_written: r.region_code_as_written,
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
    cells_total: cells.values.length,
    cells_null: nulls,
    cells_nonzero: nonzero,
    tables_md5: tablesMd5(cells),
    problems: r.problems,
    messages: messagesToColumn(r.messages),
    file: path,
    sha256: r.sha256,
    bytes: r.bytes,
    encoding: r.encoding,
    format: r.format,
    published_on: r.published_on,
    signed_on: r.signed_on,
    index_no: r.index_no,
    publisher: r.publisher,
    signed_by: r.signed_by,
    source_url: null,
    parser_version: r.parser_version,
  };
  return { row, cells, checks: packChecks(r.checks) };
}
