/**
 * A body's shard: everything its page shows beyond the prerendered key figures — every report's cells and
 * problems, its publication record, and its figures by year for compare — as one small JSON file the page fetches
 * (`shardPath`). Cells sit in the template's key order, so a report costs a few hundred bytes rather
 * than a key per number; 150,000 bodies stay within what a static host serves. A report's identity checks are not
 * in it: they follow from its cells (`shardChecks`), and written out they were 45% of a shard's JSON and a
 * quarter of its compressed bytes (national synthetic bodies, 2026-12-06).
 */
import type { CellState } from './cells.js';
import { runChecks } from './checks.js';
import type { PeerPoint } from './charts.js';
import type { Message } from './messages.js';
import { cellsOf, type TemplateId } from './template.js';
import type { ReportStatus } from './view-state.js';

/** A number a collected report's site changed after publication (revisions.parquet). */
export interface Revision {
  cell: string;
  old_value: number | null;
  new_value: number | null;
  first_seen: string;
  changed_seen: string;
}

export interface ShardReport {
  report_id: string;
  year: number | null;
  title: string | null;
  agency: string | null;
  file: string;
  format: string | null;
  sha256: string;
  status: ReportStatus;
  is_primary: boolean;
  template: TemplateId | null;
  /** What a reader should know, as codes with parameters: the page renders them in its language. */
  messages: Message[];
  published_on: string | null;
  signed_on: string | null;
  index_no: string | null;
  publisher: string | null;
  source_url: string | null;
  /** Collected reports (src/collect): when last fetched, changed after publication, gone from the site. */
  fetched_at: string | null;
  revised: boolean;
  removed: boolean;
  revisions: Revision[];
  /** Values in `shardKeys(template)` order; null where the report states no number. */
  values: (number | null)[];
  /**
   * Source lines, same order, as steps (`lineSteps`): each the difference from the line before it in the list
   * (the first from 0), null where the cell has none. A row's cells share its line, so the steps are mostly 0:
   * written as lines they were a fifth of a shard's gzipped bytes, as steps 17% fewer bytes a shard.
   */
  lines: (number | null)[];
  /** Cell states other than `read`, by position; `-` where the data has no cell for the key at all. */
  states: Record<number, CellState | '-'>;
}

export interface ShardPublication {
  year: number;
  status: 'published' | 'late' | 'published_date_unknown' | 'not_found';
  report_id: string | null;
  published_on: string | null;
  deadline: string;
  days_late: number | null;
}

/**
 * Where a body's shard and its reports' texts are on the site, below its base path: JSON, zlib-compressed with a
 * preset dictionary (domain/preset-dictionaries), written by src/site/bodies.ts and read by the browser.
 */
export const shardPath = (id: string) => `data/bodies/${id}.json.zlib`;
export const textsPath = (id: string) => `data/texts/${id}.json.zlib`;

/** A band of fewer bodies than this says nothing about what is usual. */
export const MIN_PEERS = 5;

export interface ShardPoint {
  year: number;
  value: number | null;
  flagged?: true;
  /** A rate's denominator (cases concluded): how many the share is of. */
  n?: number;
}

export interface BodyShard {
  id: string;
  name: string;
  region_code: string | null;
  region_name: string | null;
  reports: ShardReport[];
  publications: ShardPublication[];
  /** Every metric by year over the body's primary reports (what compare draws). */
  metrics: Record<string, ShardPoint[]>;
  /**
   * Its peers — bodies of the same level and kind in the same province — by year, for the figures its chart
   * draws: only years with at least MIN_PEERS of them, so a band never describes two or three bodies.
   */
  peers?: { level: string; kind: string; metrics: Record<string, PeerPoint[]> };
}

const KEYS: Record<TemplateId, string[]> = {
  '2021': cellsOf('2021').map((c) => c.key),
  '2019': cellsOf('2019').map((c) => c.key),
};
/** The cell keys of a template in the order a shard lists its values. */
export const shardKeys = (template: TemplateId | null): string[] => KEYS[template ?? '2021'];

export interface ShardCell {
  value: number | null;
  state: CellState;
  source_line: number | null;
}

/** What of a shard report holds its cells. */
export type ShardCells = Pick<ShardReport, 'template' | 'values' | 'lines' | 'states'>;

/** Source lines as a shard lists them: each the step from the last line before it (see `ShardReport.lines`). */
export function lineSteps(lines: (number | null)[]): (number | null)[] {
  let last = 0;
  return lines.map((line) => {
    if (line === null) return null;
    const step = line - last;
    last = line;
    return step;
  });
}

/** A shard report's cells back as a map by key (absent cells left out), as the report renderer takes them. */
export function shardCells(r: ShardCells): Map<string, ShardCell> {
  const cells = new Map<string, ShardCell>();
  let line = 0;
  shardKeys(r.template).forEach((key, i) => {
    const step = r.lines[i];
    if (step !== null) line += step;
    const state = r.states[i] ?? 'read';
    if (state !== '-') cells.set(key, { value: r.values[i], state, source_line: step === null ? null : line });
  });
  return cells;
}

/** A shard report's identity checks, tested on its cells as the parser tested them (checks.parquet has the same). */
export const shardChecks = (r: ShardCells): { check_id: string; ok: boolean; detail: string }[] =>
  runChecks(r.template ?? '2021', shardCells(r)).checks.map((c) => ({ check_id: c.id, ok: c.ok, detail: c.detail }));
