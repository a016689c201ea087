/**
 * Reading one table: find each row's label in template order, take the numbers (and blanks) that follow it,
 * and turn them into cells — directly when there is one per column, else through candidates.ts and solve.ts.
 */
import {
  cellKey,
  columnsOf,
  identitiesOf,
  T3_COLUMNS,
  T4_GROUPS,
  T4_OUTCOME_COLUMNS,
  type Column,
  type Identity,
  type Row,
  type TableSpec,
  type TemplateId,
} from '../domain/template.js';
import {
  alignReadings,
  distinct,
  interleaveReadings,
  splitReadings,
  sumsHold,
  type Reading,
  type RowShape,
} from './candidates.js';
import type { Cell } from '../domain/cells.js';
import { msg, rowRef, type Message } from '../domain/messages.js';
import { compact } from '../formats/normalize.js';
import type { TableSpan } from './sections.js';
import { solve, type RowOptions } from './solve.js';
import { indexText, search, type Match, type Token } from './tokens.js';

export interface TableRead {
  /** At least one row label or number of the table was found. */
  found: boolean;
  /** Cell key → cell, in the table's key order. */
  cells: Map<string, Cell>;
  problems: Message[];
  /** How the numbers were attached to rows. */
  method: 'labels' | 'sequence' | 'none';
}

/** One row as the reader sees it: its cells, and the shape that says which readings are possible. */
interface Plan {
  /** The row as messages name it (`rowRef`). */
  label: string;
  keys: string[];
  shape: RowShape;
  tokens: Token[];
  line: number | null;
  found: boolean;
  /** The text ends inside this row. */
  cutOff?: boolean;
  /** Cell indices of groups that a text order may have interleaved (table 四's three groups). */
  groups?: number[][];
}

const DECIMAL_KEYS = /\.(amount_10k_yuan|amount)$/;
const SIGNED_KEYS = /\.change$/;

function shapeOf(keys: string[]): RowShape {
  const sums = [];
  const pos = (k: string) => keys.indexOf(k);
  // Table 三 rows: total = applicant columns present; table 四 groups: total = the four outcomes.
  const t3Total = keys.findIndex((k) => k.startsWith('t3.') && k.endsWith('.total'));
  if (t3Total >= 0) sums.push({ total: t3Total, parts: keys.map((_, i) => i).filter((i) => i !== t3Total) });
  for (const g of T4_GROUPS) {
    const total = pos(`t4.${g}.total`);
    if (total >= 0) sums.push({ total, parts: T4_OUTCOME_COLUMNS.map((c) => pos(`t4.${g}.${c}`)) });
  }
  return {
    width: keys.length,
    decimal: keys.map((k) => DECIMAL_KEYS.test(k)),
    signed: keys.map((k) => SIGNED_KEYS.test(k)),
    sums,
  };
}

/** A table's keys (all of them, and each row's) and row shapes, worked out once per template table. */
interface TableKeys {
  all: string[];
  rows: string[][];
  shapes: RowShape[];
  /** The shape of all the table's cells as one row (table 四, read as one run of numbers). */
  whole: RowShape;
}
const TABLE_KEYS = new WeakMap<TableSpec, TableKeys>();
function keysOf(table: TableSpec): TableKeys {
  let k = TABLE_KEYS.get(table);
  if (!k) {
    const rows = table.rows.map((row) => columnsOf(table, row).map((c) => cellKey(table, row, c)));
    k = { all: rows.flat(), rows, shapes: rows.map(shapeOf), whole: shapeOf(rows.flat()) };
    TABLE_KEYS.set(table, k);
  }
  return k;
}

/** The same for table 三 read with the columns its header has (some drop 其他), per set of columns. */
const COLUMN_KEYS = new WeakMap<TableSpec, Map<string, TableKeys>>();
function keysWith(table: TableSpec, columns: Column[]): TableKeys {
  let byColumns = COLUMN_KEYS.get(table);
  if (!byColumns) COLUMN_KEYS.set(table, (byColumns = new Map()));
  const id = columns.map((c) => c.key).join(' ');
  let k = byColumns.get(id);
  if (!k) {
    const rows = table.rows.map((row) => columns.map((c) => cellKey(table, row, c)));
    k = { all: rows.flat(), rows, shapes: rows.map(shapeOf), whole: shapeOf(rows.flat()) };
    byColumns.set(id, k);
  }
  return k;
}

/** Table 三's identities between rows (the row sums are each row's own), per template. */
const T3_IDENTITIES: Record<TemplateId, Identity[]> = {
  '2021': identitiesOf('2021').filter((id) => id.table === 't3' && !id.id.startsWith('t3.row.')),
  '2019': identitiesOf('2019').filter((id) => id.table === 't3' && !id.id.startsWith('t3.row.')),
};

/** Per source line, the token indices of its first and last number. */
type NumberSpans = Map<number, [number, number]>;
const numberSpans = (tokens: Token[], tableSpan: TableSpan): NumberSpans => {
  const s: NumberSpans = new Map();
  for (let i = tableSpan.from; i < tableSpan.to; i++) {
    const t = tokens[i];
    if (t.kind !== 'num' || t.prose) continue;
    const span = s.get(t.line);
    if (span) span[1] = i;
    else s.set(t.line, [i, i]);
  }
  return s;
};

/**
 * Whether a blank is a cell: marked blanks ("/", "-") always; HTML empty cells on a row with numbers; an
 * empty tab or pipe cell only between two numbers (label columns and trailing tabs of Word exports are not).
 */
const blankCounts = (t: Token, i: number, spans: NumberSpans): boolean => {
  if (t.marked) return true;
  const span = spans.get(t.line);
  if (!span) return false;
  return t.reliable ? true : span[0] < i && i < span[1];
};

/** The values after a label: numbers and blank cells, up to a long text once the row is full. */
/** `cutOff`: nothing but blanks follow the values — the text ends inside this row (a page excerpt). */
function collect(
  tokens: Token[],
  from: number,
  to: number,
  width: number,
  spans: NumberSpans,
): { values: Token[]; cutOff: boolean } {
  let out: Token[] = [];
  let nums = 0;
  let i = from;
  for (; i < to; i++) {
    const t = tokens[i];
    if (t.kind === 'num' && !t.prose) {
      out.push(t);
      nums++;
    } else if (t.kind === 'blank' && blankCounts(t, i, spans)) out.push(t);
    else if (t.kind === 'text' && nums >= width && compact(t.text).length >= 2) break;
  }
  // An empty cell belongs to this row only on a line that holds this row's numbers (or, for a row of blanks,
  // its own first line): the next row's empty label cells are not this row's cells.
  const lines = new Set(out.filter((t) => t.kind === 'num').map((t) => t.line));
  if (!lines.size && from < tokens.length) lines.add(tokens[Math.max(0, from - 1)].line);
  out = out.filter((t) => t.kind === 'num' || t.marked || lines.has(t.line));
  while (out.length > width && out[out.length - 1].kind === 'blank') out.pop();
  while (out.length > width && out[0].kind === 'blank') out.shift();
  const cutOff =
    i === tokens.length &&
    out.length < width &&
    tokens.slice(tokens.indexOf(out[out.length - 1]) + 1).every((t) => t.kind === 'blank');
  return { values: out, cutOff };
}

function locate(tokens: Token[], tableSpan: TableSpan, rows: Row[]): (Match | null)[] {
  const index = indexText(tokens, tableSpan.from, tableSpan.to);
  let offset = 0;
  let previousFound = true;
  return rows.map((row) => {
    const patterns = previousFound ? [...row.anchors, ...(row.weakAnchors ?? [])] : row.anchors;
    for (const a of patterns) {
      const m = search(index, a, offset);
      if (m) {
        offset = m.end;
        previousFound = true;
        return m;
      }
    }
    previousFound = false;
    return null;
  });
}

/** Which of table 三's columns the report's header has (some drop 其他). `headerText` ends at the first row label. */
export function t3ColumnsPresent(headerText: string): Column[] {
  const header = compact(headerText);
  const hasOther = header.replace(/法人或其他组织/g, '').includes('其他');
  const hasHeader = /法律服务|自然人/.test(header);
  return T3_COLUMNS.filter((c) => c.key !== 'other_org' || hasOther || !hasHeader);
}

function cellsFromPlan(plan: Plan, concat: boolean): { cells: Cell[]; readings: Reading[] | null; problem?: Message } {
  // The row's cells by column, in the order of `plan.keys`; assigned in place rather than through a local
  // helper, which tsx (build-data and the parse workers run under it) would name anew on every row.
  const cells: Cell[] = [];
  const { width } = plan.shape;
  if (!plan.found) {
    plan.keys.forEach((_, i) => (cells[i] = { value: null, state: 'missing', line: null }));
    return { cells, readings: null };
  }
  const nums = plan.tokens.filter((t) => t.kind === 'num');
  // Digits with a leading zero ("000000000000000", "0012") are not one number as written: the cells ran
  // together here even where the rest of the report keeps them apart.
  const glued = concat || nums.some((t) => /^-?0\d/.test(t.text));
  if (plan.cutOff && nums.length) {
    // A row cut off by the end of an excerpt keeps its leading cells in order; the rest are missing.
    plan.keys.forEach((_, i) => {
      const t = plan.tokens[i];
      cells[i] = !t
        ? { value: null, state: 'missing', line: null }
        : t.kind === 'num'
          ? { value: Number(t.text), state: 'read', line: t.line }
          : { value: null, state: 'blank', line: t.line };
    });
    return {
      cells,
      readings: null,
      problem: msg('row.cut_off', { row: plan.label, read: plan.tokens.length, width }),
    };
  }
  let direct = plan.tokens.length === width ? plan.tokens : nums.length === width ? nums : null;
  // Where cells run together, one number per column may still be a stray space's doing ("2 9-513" for 29, -5,
  // 13): a row no sum checks is read as written only if the digits allow no other reading.
  if (direct && concat && !plan.shape.sums.length && direct.every((t) => t.kind === 'num')) {
    const others = distinct(
      splitReadings(
        nums.map((t) => t.text),
        plan.shape,
      ),
    );
    if (others.length > 1) direct = null;
  }
  if (
    direct &&
    plan.groups &&
    !sumsHold(
      direct.map((t) => (t.kind === 'num' ? Number(t.text) : null)),
      plan.shape,
    ) &&
    direct.every((t) => t.kind === 'num')
  ) {
    // Numbers complete but sums fail as read: a text order that interleaved the groups is one explanation.
    const readings = distinct(
      interleaveReadings(
        direct.map((t) => Number(t.text)),
        plan.shape,
        plan.groups,
      ),
    );
    if (readings.length === 1) {
      readings[0].values.forEach((v, i) => (cells[i] = { value: v, state: 'inferred', line: direct[0].line }));
      return {
        cells,
        readings: null,
        problem: msg('row.interleaved', { row: plan.label }),
      };
    }
    if (readings.length > 1) {
      plan.keys.forEach((_, i) => (cells[i] = { value: null, state: 'inferred', line: direct[0].line }));
      return {
        cells,
        readings,
        problem: msg('row.interleavings', { row: plan.label, count: readings.length }),
      };
    }
  }
  if (direct) {
    direct.forEach(
      (t, i) =>
        (cells[i] =
          t.kind === 'num'
            ? { value: Number(t.text), state: 'read', line: t.line }
            : { value: null, state: 'blank', line: t.line }),
    );
    return { cells, readings: null };
  }
  if (nums.length === 0) {
    plan.keys.forEach((_, i) => (cells[i] = { value: null, state: 'blank', line: plan.line }));
    return { cells, readings: null };
  }
  const readings = distinct(
    glued
      ? splitReadings(
          nums.map((t) => t.text),
          plan.shape,
        )
      : alignReadings(
          nums.map((t) => Number(t.text)),
          plan.shape,
        ),
  );
  const line = nums[0].line;
  plan.keys.forEach((_, i) => (cells[i] = { value: null, state: glued ? 'split' : 'inferred', line }));
  const digits = nums.map((t) => t.text).join(' ');
  if (readings.length === 0) {
    plan.keys.forEach((_, i) => (cells[i] = { value: null, state: 'unparsed', line }));
    return {
      cells,
      readings,
      problem: glued
        ? msg('row.digits_unread', { row: plan.label, digits, width })
        : msg('row.numbers_unread', { row: plan.label, numbers: nums.length, width }),
    };
  }
  return {
    cells,
    readings,
    problem:
      readings.length === 1 && !glued
        ? glued
          ? msg('row.digits_placed', { row: plan.label, digits, width })
          : msg('row.numbers_placed', { row: plan.label, numbers: nums.length, width })
        : undefined,
  };
}

export interface ReadOptions {
  template: TemplateId;
  concat: boolean;
  /** Table 三 columns present in the report, when known. */
  columns?: Column[];
}

export function readTable(
  tokens: Token[],
  tableSpan: TableSpan | null,
  table: TableSpec,
  opts: ReadOptions,
): TableRead {
  const problems: Message[] = [];
  const label = (row: Row) => rowRef(opts.template, table.id, row.key);
  const known = keysOf(table);
  const allKeys = known.all;
  if (!tableSpan) {
    return { found: false, cells: new Map(), problems, method: 'none' };
  }
  const spans = numberSpans(tokens, tableSpan);

  let plans: Plan[];
  let method: TableRead['method'] = 'labels';
  if (table.id === 't4') {
    // Table 四 has no row labels of its own: its fifteen numbers follow the header in group order.
    const keys = known.all;
    const { values, cutOff } = collect(tokens, tableSpan.from, tableSpan.to, keys.length, spans);
    const groups = table.rows.map((_, g) => [0, 1, 2, 3, 4].map((c) => g * 5 + c));
    plans = [
      {
        label: rowRef(opts.template, 't4'),
        keys,
        shape: known.whole,
        tokens: values,
        line: values[0]?.line ?? null,
        found: values.length > 0,
        groups,
        cutOff,
      },
    ];
  } else {
    const matches = locate(tokens, tableSpan, table.rows);
    const rowKeys = table.id === 't3' && opts.columns ? keysWith(table, opts.columns) : known;
    plans = table.rows.map((row, i) => {
      const m = matches[i];
      const keys = rowKeys.rows[i];
      const next = matches.slice(i + 1).find((x) => x !== null);
      const { values, cutOff } = m
        ? collect(tokens, m.last + 1, next ? next.first : tableSpan.to, keys.length, spans)
        : { values: [], cutOff: false };
      return {
        label: label(row),
        keys,
        shape: rowKeys.shapes[i],
        tokens: values,
        line: m ? tokens[m.first].line : null,
        found: !!m,
        cutOff,
      };
    });
    // PDF text in reading order can put a row's numbers before its label (pdftotext raw mode). When labels
    // and numbers disagree but the table holds exactly one number per cell, the numbers' order is the truth.
    const firstFound = matches.find((m) => m !== null);
    const overfull = plans.some((p) => p.tokens.filter((t) => t.kind === 'num').length > p.keys.length);
    if (overfull && !opts.concat && firstFound) {
      const all = tokens.slice(firstFound.first, tableSpan.to).filter((t) => t.kind === 'num' && !t.prose);
      const need = plans.reduce((a, p) => a + p.keys.length, 0);
      if (all.length === need) {
        let k = 0;
        plans = plans.map((p) => {
          const mine = all.slice(k, k + p.keys.length);
          k += p.keys.length;
          return { ...p, tokens: mine, found: true, line: mine[0].line };
        });
        method = 'sequence';
        problems.push(msg('table.sequence', { table: table.id, count: need }));
      }
    }
  }

  const cells = new Map<string, Cell>();
  const unread = table.id === 't3' && opts.columns ? 'absent' : 'missing';
  for (const k of allKeys) cells.set(k, { value: null, state: unread, line: null });
  const options: RowOptions[] = [];
  for (const plan of plans) {
    const r = cellsFromPlan(plan, opts.concat);
    for (let i = 0; i < r.cells.length; i++) cells.set(plan.keys[i], r.cells[i]);
    if (r.problem) problems.push(r.problem);
    if (r.readings && r.readings.length) options.push({ keys: plan.keys, readings: r.readings });
  }
  if (options.length) {
    const identities = table.id === 't3' ? T3_IDENTITIES[opts.template] : [];
    const solved = solve(options, identities);
    for (const o of options) {
      for (const k of o.keys) {
        const v = solved.values.get(k) ?? null;
        const c = cells.get(k)!;
        cells.set(k, { ...c, value: v, state: solved.ambiguous.has(k) ? 'ambiguous' : c.state });
      }
      const amb = o.keys.filter((k) => solved.ambiguous.has(k));
      if (amb.length) {
        const plan = plans.find((p) => p.keys === o.keys)!;
        // Name the readings that fit (a few), so a reader can check them against the original.
        const shown = o.readings.slice(0, 3).map((x) => x.values.map((v) => v ?? '·').join('|'));
        problems.push(
          msg('row.ambiguous', {
            row: plan.label,
            count: amb.length,
            of: o.keys.length,
            readings: o.readings.length,
            shown,
            more: o.readings.length > 3,
            cells: amb,
          }),
        );
      }
    }
    if (!solved.consistent) problems.push(msg('table.inconsistent', { table: table.id }));
  }
  const missingRows = plans.filter((p) => !p.found).map((p) => p.label);
  if (missingRows.length && missingRows.length < plans.length)
    problems.push(msg('table.rows_not_found', { table: table.id, rows: missingRows }));
  const found = plans.some((p) => p.found);
  return { found, cells, problems, method: found ? method : 'none' };
}
