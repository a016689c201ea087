/**
 * Positioned text → lines of cells, for every reader whose input is a page of placed words rather than a stream
 * of text: the PDF text layer (pdf.ts) and words read by OCR from a scanned page (ocr.ts). Rows and cells are
 * rebuilt from positions, not from reading order:
 *
 * - inside a ruled table (rules: drawn segments in a PDF, dark pixel runs in a scan), the words within one ruled
 *   box make one cell, its lines joined, so a wrapped label stays one cell; the boxes whose tops meet one rule
 *   make one row, and a cell spanning rows comes first in the row it starts;
 * - outside ruled boxes, words whose vertical centres lie within 40% of a font height of each other form one
 *   row, and a horizontal gap wider than one font height separates cells;
 * - page numbers ("- 3 -", "第 3 页") and running headers/footers (the same text at the same height on most
 *   pages, in the top or bottom tenth of the page) are dropped, so a table continued on the next page runs on
 *   as one stream of rows; `line` is a running row number across pages. Cells are `delimited` (geometry).
 *
 * Coordinates are PDF points with y growing upwards from the page's bottom edge.
 */
import { isFooter, type Line } from './lines.js';
import { normalize } from './normalize.js';

export interface Item {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

interface Row {
  page: number;
  y: number;
  pageHeight: number;
  cells: string[];
  /** A row of a ruled table: its empty cells are real blanks. */
  ruled?: boolean;
}

/** Items of one line, left to right → cells: a gap wider than one font height separates two cells. */
function lineCells(items: Item[]): string[] {
  const cells: string[] = [];
  let cell = '';
  let end = -Infinity;
  let size = 0;
  for (const it of [...items].sort((a, b) => a.x - b.x)) {
    const gap = it.x - end;
    const h = Math.max(size, it.size);
    if (cell && gap > h) {
      cells.push(cell);
      cell = '';
    }
    // A gap is a space only between Latin letters or digits: between Chinese characters it is typesetting.
    cell +=
      cell && gap > 0.15 * h && /[\x21-\x7e]$/.test(cell) && /^[\x21-\x7e]/.test(it.text) ? ` ${it.text}` : it.text;
    end = Math.max(end, it.right);
    size = it.size;
  }
  if (cell) cells.push(cell);
  return cells;
}

/** Items → lines, top to bottom: vertical centres within 40% of a font height of each other share a line. */
function clusterLines(items: Item[]): { y: number; items: Item[] }[] {
  const groups: { y: number; size: number; items: Item[] }[] = [];
  for (const it of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const g = groups.find((g) => Math.abs(g.y - it.y) < 0.4 * Math.max(g.size, it.size));
    if (g) g.items.push(it);
    else groups.push({ y: it.y, size: it.size, items: [it] });
  }
  return groups.sort((a, b) => b.y - a.y);
}

/** A drawn rule: horizontal (y fixed, from..to in x) or vertical (x fixed, from..to in y). */
export interface Rule {
  at: number;
  from: number;
  to: number;
}

/** The ruled box around a point: the nearest rule on each side that passes by it, or null outside a table. */
export function boxAt(x: number, y: number, rules: { h: Rule[]; v: Rule[] }): [number, number, number, number] | null {
  const tol = 1;
  let top = Infinity;
  let bottom = -Infinity;
  let left = -Infinity;
  let right = Infinity;
  for (const r of rules.h) {
    if (r.from - tol > x || r.to + tol < x) continue;
    if (r.at > y) top = Math.min(top, r.at);
    else bottom = Math.max(bottom, r.at);
  }
  for (const r of rules.v) {
    if (r.from - tol > y || r.to + tol < y) continue;
    if (r.at > x) right = Math.min(right, r.at);
    else left = Math.max(left, r.at);
  }
  return [top, bottom, left, right].every(Number.isFinite) ? [left, top, right, bottom] : null;
}

/**
 * A ruled row's cells left to right, the empty boxes included as blanks: every gap between two vertical rules
 * that cross the row's middle is a cell, unless no rule runs along the row's top there (a cell spanning down
 * from the row above, which HTML also leaves out of the rows below it).
 */
function ruledCells(
  row: { top: number; bottom: number; cells: { left: number; text: string }[] },
  rules: { h: Rule[]; v: Rule[] },
): string[] {
  const tol = 1.5;
  const middle = (row.top + row.bottom) / 2;
  const tops = rules.h.filter((r) => Math.abs(r.at - row.top) < tol);
  const xs = [...new Set(rules.v.filter((r) => r.from - tol <= middle && middle <= r.to + tol).map((r) => r.at))]
    .sort((a, b) => a - b)
    .filter((x, i, all) => i === 0 || x - all[i - 1] > tol);
  const out: string[] = [];
  for (let i = 0; i + 1 < xs.length; i++) {
    const mid = (xs[i] + xs[i + 1]) / 2;
    const cell = row.cells.find((c) => Math.abs(c.left - xs[i]) < tol);
    if (cell) out.push(cell.text);
    else if (tops.some((r) => r.from - tol <= mid && mid <= r.to + tol)) out.push('');
  }
  // Boxes that the rules above did not place (a rule missed), in their own order at the end.
  const placed = new Set(out);
  const extra = row.cells.filter((c) => !xs.some((x) => Math.abs(c.left - x) < tol) && !placed.has(c.text));
  return extra.length ? row.cells.sort((a, b) => a.left - b.left).map((c) => c.text) : out;
}

/**
 * Text items → rows of cells for one page, top to bottom. Items inside a ruled table cell make one cell, its
 * lines joined (a wrapped label stays one cell), and the cells whose tops meet one rule make one row (a cell
 * spanning rows comes first in the row it starts, as in HTML); items outside ruled cells are grouped by lines.
 */
function pageRows(items: Item[], page: number, pageHeight: number, rules: { h: Rule[]; v: Rule[] }): Row[] {
  const boxes = new Map<string, { box: [number, number, number, number]; items: Item[] }>();
  const free: Item[] = [];
  for (const it of items) {
    const box = boxAt((it.x + it.right) / 2, it.y, rules);
    if (!box) {
      free.push(it);
      continue;
    }
    const key = box.map((n) => n.toFixed(1)).join(',');
    if (!boxes.has(key)) boxes.set(key, { box, items: [] });
    boxes.get(key)!.items.push(it);
  }
  const rows: Row[] = clusterLines(free).map((g) => ({ page, y: g.y, pageHeight, cells: lineCells(g.items) }));
  const ruled: { top: number; bottom: number; cells: { left: number; text: string }[] }[] = [];
  for (const { box, items: its } of [...boxes.values()].sort((a, b) => b.box[1] - a.box[1] || a.box[0] - b.box[0])) {
    const text = clusterLines(its)
      .map((g) => lineCells(g.items).join(' '))
      .reduce((a, b) => (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b), '');
    const row = ruled.find((r) => Math.abs(r.top - box[1]) < 1.5);
    if (row) {
      row.cells.push({ left: box[0], text });
      row.bottom = Math.max(row.bottom, box[3]);
    } else ruled.push({ top: box[1], bottom: box[3], cells: [{ left: box[0], text }] });
  }
  for (const r of ruled) rows.push({ page, y: r.top, pageHeight, cells: ruledCells(r, rules), ruled: true });
  return rows.sort((a, b) => b.y - a.y);
}

/** A row's text with its digits blurred, to find a running header or footer that carries the page number. */
const shape = (r: Row) => r.cells.join(' ').replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/** Rows at the top or bottom tenth of the page whose text recurs at the same height on most pages. */
function runningRows(rows: Row[], pages: number): Set<Row> {
  const out = new Set<Row>();
  if (pages < 3) return out;
  const edge = rows.filter((r) => r.y > 0.9 * r.pageHeight || r.y < 0.1 * r.pageHeight);
  const seen = new Map<string, Row[]>();
  for (const r of edge) {
    const key = `${shape(r)}@${Math.round(r.y / 4)}`;
    seen.set(key, [...(seen.get(key) ?? []), r]);
  }
  for (const group of seen.values())
    if (new Set(group.map((r) => r.page)).size >= Math.max(2, Math.ceil(pages / 2))) group.forEach((r) => out.add(r));
  return out;
}

/** One page of placed words and the table rules drawn on it. */
export interface PlacedPage {
  items: Item[];
  rules: { h: Rule[]; v: Rule[] };
  height: number;
}

/** Pages of placed words → lines of cells, running headers, footers and page numbers left out. */
export function pagesToLines(pages: PlacedPage[]): Line[] {
  const rows = pages.flatMap((p, i) => pageRows(p.items, i + 1, p.height, p.rules));
  const running = runningRows(rows, pages.length);
  const lines: Line[] = [];
  let n = 0;
  for (const r of rows) {
    n++;
    if (running.has(r) || isFooter(r.cells.join(' '))) continue;
    const cells = r.cells.map((c) => normalize(c).trim());
    if (!cells.some(Boolean)) continue;
    if (r.ruled) lines.push({ cells, line: n, delimited: true, blanksReliable: true });
    else lines.push({ cells: cells.filter(Boolean), line: n, delimited: true, blanksReliable: false });
  }
  return lines;
}
