/**
 * PDF (with a text layer) → lines of cells. pdfjs-dist (legacy build, no worker, no network: CJK character
 * maps and standard fonts are read from the package's own folders) gives positioned text items and the drawing
 * operations; rows and cells are rebuilt from positions, not from content-stream order:
 *
 * - inside a ruled table (the rules are the stroked segments and thin filled rectangles of the operator list),
 *   the items within one ruled box make one cell, its lines joined, so a wrapped label stays one cell; the
 *   boxes whose tops meet one rule make one row, and a cell spanning rows comes first in the row it starts;
 * - outside ruled boxes, items whose vertical centres lie within 40% of a font height of each other form one
 *   row, and a horizontal gap wider than one font height separates cells;
 * - page numbers ("- 3 -", "第 3 页") and running headers/footers (the same text at the same height on most
 *   pages, in the top or bottom tenth of the page) are dropped, so a table continued on the next page runs on
 *   as one stream of rows; `line` is a running row number across pages. Cells are `delimited` (geometry).
 *
 * pdfjs is asynchronous, so this is the one async reader: `readDocumentAsync` (document.ts) calls it.
 * Throws UndecodableError for a PDF without a text layer (scanned), an encrypted PDF or a corrupt one.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument, OPS, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { UndecodableError } from './decode.js';
import { isFooter, type Line } from './lines.js';
import { normalize } from './normalize.js';

export const isPdf = (bytes: Uint8Array): boolean =>
  bytes.length >= 5 &&
  bytes[0] === 0x25 &&
  bytes[1] === 0x50 &&
  bytes[2] === 0x44 &&
  bytes[3] === 0x46 &&
  bytes[4] === 0x2d; // %PDF-

// pdfjs's path data codes in `constructPath` (its DrawOPS, not exported).
const DrawOPS = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

const packageDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdfjs in Node reads these with fs when given a file: URL string ending in a slash.
const folderUrl = (name: string) => pathToFileURL(join(packageDir, name)).href + '/';

interface Item {
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
    cell += cell && gap > 0.15 * h ? ` ${it.text}` : it.text;
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
interface Rule {
  at: number;
  from: number;
  to: number;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

const STROKES = new Set([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);
const FILLS = new Set([OPS.fill, OPS.eoFill]);

/** Table rules from the page's drawing operations: stroked straight segments and thin filled rectangles. */
function pageRules(fnArray: number[], argsArray: unknown[][], y0: number): { h: Rule[]; v: Rule[] } {
  const h: Rule[] = [];
  const v: Rule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const add = (x1: number, y1: number, x2: number, y2: number) => {
    const [a, b, c, d, e, f] = ctm;
    const p = [a * x1 + c * y1 + e, b * x1 + d * y1 + f - y0, a * x2 + c * y2 + e, b * x2 + d * y2 + f - y0];
    if (Math.abs(p[1] - p[3]) < 1 && Math.abs(p[0] - p[2]) > 2)
      h.push({ at: (p[1] + p[3]) / 2, from: Math.min(p[0], p[2]), to: Math.max(p[0], p[2]) });
    else if (Math.abs(p[0] - p[2]) < 1 && Math.abs(p[1] - p[3]) > 2)
      v.push({ at: (p[0] + p[2]) / 2, from: Math.min(p[1], p[3]), to: Math.max(p[1], p[3]) });
  };
  fnArray.forEach((fn, i) => {
    const args = argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.constructPath) {
      const [op, [data], box] = args as [number, [ArrayLike<number> | null], ArrayLike<number> | null];
      if (!data) return;
      if (STROKES.has(op)) {
        let x = 0;
        let y = 0;
        let sx = 0;
        let sy = 0;
        for (let k = 0; k < data.length;) {
          const d = data[k];
          if (d === DrawOPS.moveTo) [x, y, sx, sy, k] = [data[k + 1], data[k + 2], data[k + 1], data[k + 2], k + 3];
          else if (d === DrawOPS.lineTo) {
            add(x, y, data[k + 1], data[k + 2]);
            [x, y, k] = [data[k + 1], data[k + 2], k + 3];
          } else if (d === DrawOPS.curveTo) [x, y, k] = [data[k + 5], data[k + 6], k + 7];
          else if (d === DrawOPS.quadraticCurveTo) [x, y, k] = [data[k + 3], data[k + 4], k + 5];
          else if (d === DrawOPS.closePath) {
            add(x, y, sx, sy);
            [x, y, k] = [sx, sy, k + 1];
          } else break;
        }
      } else if (FILLS.has(op) && box) {
        // A thin filled rectangle is a rule (some writers draw table borders so).
        const [x1, y1, x2, y2] = Array.from(box);
        if (Math.abs(y2 - y1) < 2) add(x1, (y1 + y2) / 2, x2, (y1 + y2) / 2);
        else if (Math.abs(x2 - x1) < 2) add((x1 + x2) / 2, y1, (x1 + x2) / 2, y2);
      }
    }
  });
  return { h, v };
}

/** The ruled box around a point: the nearest rule on each side that passes by it, or null outside a table. */
function boxAt(x: number, y: number, rules: { h: Rule[]; v: Rule[] }): [number, number, number, number] | null {
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
  const ruled: { top: number; cells: { left: number; text: string }[] }[] = [];
  for (const { box, items: its } of [...boxes.values()].sort((a, b) => b.box[1] - a.box[1] || a.box[0] - b.box[0])) {
    const text = clusterLines(its)
      .map((g) => lineCells(g.items).join(' '))
      .reduce((a, b) => (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b), '');
    const row = ruled.find((r) => Math.abs(r.top - box[1]) < 1.5);
    if (row) row.cells.push({ left: box[0], text });
    else ruled.push({ top: box[1], cells: [{ left: box[0], text }] });
  }
  for (const r of ruled)
    rows.push({ page, y: r.top, pageHeight, cells: r.cells.sort((a, b) => a.left - b.left).map((c) => c.text) });
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

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function pdfToLines(bytes: Uint8Array): Promise<Line[]> {
  // pdfjs may transfer (detach) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: folderUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: folderUrl('standard_fonts'),
    wasmUrl: folderUrl('wasm'),
    iccUrl: folderUrl('iccs'),
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new UndecodableError('encrypted PDF: a password is needed to read it');
    throw new UndecodableError(`corrupt PDF: ${describe(e)}`);
  }
  try {
    const rows: Row[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const [, y0, , y1] = page.view;
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const raw of content.items) {
        if (!('str' in raw)) continue;
        const it = raw as TextItem;
        const text = it.str.replace(/\s+/g, ' ');
        if (!text.trim()) continue;
        const [a, b, c, d, e, f] = it.transform as number[];
        // Horizontal text only: the scale is the font height; rotated text keeps its own order as one item.
        const size = Math.hypot(c, d) || Math.hypot(a, b) || it.height || 1;
        items.push({ text: text.trim(), x: e, right: e + Math.max(it.width, 0), y: f - y0 + size / 2, size });
      }
      const ops = await page.getOperatorList();
      rows.push(...pageRows(items, p, y1 - y0, pageRules(ops.fnArray, ops.argsArray as unknown[][], y0)));
      page.cleanup();
    }
    if (!rows.some((r) => r.cells.some((c) => /\S/.test(c)))) throw new UndecodableError('scanned PDF: no text layer');
    const running = runningRows(rows, doc.numPages);
    const lines: Line[] = [];
    let n = 0;
    for (const r of rows) {
      n++;
      if (running.has(r) || isFooter(r.cells.join(' '))) continue;
      const cells = r.cells.map((c) => normalize(c).trim()).filter(Boolean);
      if (cells.length) lines.push({ cells, line: n, delimited: true, blanksReliable: false });
    }
    return lines;
  } catch (e) {
    if (e instanceof UndecodableError) throw e;
    throw new UndecodableError(`corrupt PDF: ${describe(e)}`);
  } finally {
    await task.destroy();
  }
}
