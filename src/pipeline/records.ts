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
import { ALL_CELL_KEYS } from '../domain/template.js';
import type { ParsedReport } from '../parse/report.js';
import type { Row } from './parquet.js';

export const reportIdOf = (path: string): string => createHash('sha256').update(path).digest('hex').slice(0, 16);

/** A report's cells, position for position: `keys` index `ALL_CELL_KEYS`, `states` index `CELL_STATES`. */
export interface PackedCells {
  keys: number[];
  values: (number | null)[];
  /** -1: the parser recorded no state. */
  states: number[];
  lines: (number | null)[];
}

export interface ReportRecord {
  /** The report's columns of `reports` (the body and the file's provenance are filled in by the build). */
  row: Row;
  cells: PackedCells;
  checks: [check_id: string, ok: boolean, detail: string][];
}

const KEY_INDEX = new Map(ALL_CELL_KEYS.map((k, i) => [k, i]));
const STATE_INDEX = new Map<CellState, number>(CELL_STATES.map((s, i) => [s.state, i]));

function packCells(r: ParsedReport): PackedCells {
  const packed: PackedCells = { keys: [], values: [], states: [], lines: [] };
  for (const key of ALL_CELL_KEYS) {
    if (!(key in r.cells)) continue;
    packed.keys.push(KEY_INDEX.get(key)!);
    packed.values.push(r.cells[key]);
    packed.states.push(STATE_INDEX.get(r.cell_states[key]) ?? -1);
    packed.lines.push(r.cell_lines[key] ?? null);
  }
  return packed;
}

/** The wide cell columns of `reports` (`ALL_CELL_KEYS` order), null where the report has no such cell. */
export function wideValues(cells: PackedCells): (number | null)[] {
  const wide = new Array<number | null>(ALL_CELL_KEYS.length).fill(null);
  cells.keys.forEach((k, i) => (wide[k] = cells.values[i]));
  return wide;
}

/** Cell key positions in key-name order: what `tables_md5` hashes in. */
const BY_NAME = ALL_CELL_KEYS.map((_, i) => i).sort((a, b) => (ALL_CELL_KEYS[a] < ALL_CELL_KEYS[b] ? -1 : 1));

function tablesMd5(cells: PackedCells): string {
  const at = new Map(cells.keys.map((k, i) => [k, i]));
  const parts: string[] = [];
  for (const k of BY_NAME) if (at.has(k)) parts.push(`${ALL_CELL_KEYS[k]}=${cells.values[at.get(k)!] ?? '·'}`);
  return createHash('md5').update(parts.join(',')).digest('hex');
}

export function recordOf(r: ParsedReport, path: string): ReportRecord {
  const levels = levelCodes(r.region_code);
  const cells = packCells(r);
  const values = cells.values;
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
    cells_total: values.length,
    cells_null: values.filter((v) => v === null).length,
    cells_nonzero: values.filter((v) => v !== null && v !== 0).length,
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
  return { row, cells, checks: r.checks.map((c) => [c.id, c.ok, c.detail]) };
}
