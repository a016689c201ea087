/**
 * Reports as agencies publish them on paper: printed to PDF from a word processor (`pdf-print`: a text layer,
 * tables drawn as a grid with merged header cells, header rows repeated on every page a table breaks across, a
 * running header and "- 3 -" page numbers), or printed and scanned (`scan`: page images only, no text at all).
 * Both are made by headless Chromium from the same HTML, so they need a browser and are opt-in
 * (`npm run synth -- --printed N`); the default corpus never calls this module.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { escapeHtml as esc } from '../../src/domain/format.js';
import { launch } from '../chromium.js';
import { synthContent, type SynthContent, type Truth } from './generate.js';
import { imagePdf } from './pdf-image.js';
import type { Random } from './random.js';
import { PRINT_LAYOUTS, type Block, type PrintLayout } from './render.js';

/** Printed reports are numbered from here, past any corpus, so that their files and agencies are their own. */
export const PRINTED_FROM = 9_000_000;

// ------------------------------------------------------------------ tables as a word processor merges them

export interface Cell {
  text: string;
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

export interface Grid {
  cells: Cell[];
  /** The cell covering each position. */
  owner: Cell[][];
  rows: number;
  cols: number;
  header: number;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

const numbersIn = (row: string[]) => row.filter((t) => NUMBER.test(t)).length;

/** How many columns of a table hold numbers: the most numbers a row has. */
const numberColumns = (rows: string[][], header: number) => Math.max(0, ...rows.slice(header).map(numbersIn));

/**
 * Body rows with every number column filled but fewer label cells than the table has label columns (一、本年新收…
 * is written with two label cells where 三、本年度办理结果 has three) get blanks after the labels, so the numbers
 * stand under their headers; rows with fewer numbers (行政许可 with one decision count) are left as they are.
 */
function alignRows(rows: string[][], header: number): string[][] {
  const cols = Math.max(...rows.map((r) => r.length));
  const numbers = numberColumns(rows, header);
  return rows.map((row, r) => {
    if (r < header || row.length >= cols || !numbers || numbersIn(row) !== numbers) return row;
    const k = row.findIndex((t) => NUMBER.test(t));
    return [...row.slice(0, k), ...Array<string>(cols - row.length).fill(''), ...row.slice(k)];
  });
}

/**
 * A table's rows (blanks where render.ts leaves a merged area empty) as a word processor's cells, merged as the
 * national template merges them: a header cell spans the blanks after it (第二十条第（一）项 the whole row,
 * 法人或其他组织 its five columns), a label spans the blank label columns after it, the last cell of a short row
 * reaches the right edge, and a blank under a header or label cell of the same width continues it — as one cell
 * (`rowspans`, the template) or as an empty cell of that width (a table whose rows were never merged). In header
 * rows the cell above wins over the cell to the left (其他 does not take 总计's column), in body rows the left one.
 */
export function gridOf(table: string[][], header: number, rowspans: boolean): Grid {
  const cols = Math.max(...table.map((r) => r.length));
  const rows = alignRows(table, header);
  const owner: Cell[][] = rows.map(() => []);
  const cells: Cell[] = [];
  const continuing = new Set<Cell>();
  rows.forEach((row, r) => {
    const head = r < header;
    const firstNumber = row.findIndex((t) => NUMBER.test(t));
    const labelEnd = head ? cols : firstNumber < 0 ? row.length : firstNumber;
    const sameSection = r > 0 && r - 1 < header === head;
    const down = (c: number): Cell | undefined => {
      if (!sameSection || c >= labelEnd) return undefined;
      const above = owner[r - 1][c];
      if (!above || above.col !== c || !(above.text || continuing.has(above))) return undefined;
      for (let k = c; k < c + above.colspan; k++) if (k >= row.length || k >= labelEnd || row[k]) return undefined;
      return above;
    };
    const place = (cell: Cell) => {
      for (let k = cell.col; k < cell.col + cell.colspan; k++) owner[r][k] = cell;
    };
    for (let c = 0; c < row.length;) {
      const text = row[c];
      const above = text ? undefined : down(c);
      if (above && rowspans) {
        above.rowspan++;
        place(above);
        c += above.colspan;
        continue;
      }
      if (above) {
        const blank: Cell = { text: '', row: r, col: c, rowspan: 1, colspan: above.colspan };
        continuing.add(blank);
        place(blank);
        cells.push(blank);
        c += above.colspan;
        continue;
      }
      let end = c + 1;
      if (text && c < labelEnd) while (end < labelEnd && end < row.length && !row[end] && !(head && down(end))) end++;
      if (end === row.length) end = cols;
      const cell: Cell = { text, row: r, col: c, rowspan: 1, colspan: end - c };
      place(cell);
      cells.push(cell);
      c = end;
    }
  });
  return { cells, owner, rows: rows.length, cols, header };
}

/**
 * The table with its header rows (in `<thead>`, which Chromium repeats on every printed page) and body rows
 * `from` to `to`: a merged cell cut by `from` goes on as an empty cell, as in a word processor.
 */
function tableHtml(g: Grid, widths: number[], from = g.header, to = g.rows): string {
  const row = (r: number, start: number, end: number) => {
    const numbers = g.owner[r].some((cell) => NUMBER.test(cell.text));
    let out = '';
    for (let c = 0; c < g.cols; c++) {
      const cell = g.owner[r][c];
      if (!cell || cell.col !== c) continue;
      const carried = r === start && cell.row < start;
      if (cell.row !== r && !carried) continue;
      const rowspan = Math.min(cell.row + cell.rowspan, end) - r;
      const text = carried ? '' : cell.text;
      const label = numbers && text && !NUMBER.test(text);
      out += `<td${cell.colspan > 1 ? ` colspan="${cell.colspan}"` : ''}${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}${label ? ' class="l"' : ''}>${esc(text)}</td>`;
    }
    return `<tr>${out}</tr>`;
  };
  const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a) }, (_x, i) => a + i);
  const cols = widths.map((w) => `<col style="width:${(w * 100).toFixed(2)}%">`).join('');
  const head = g.header
    ? `<thead>${range(0, g.header)
        .map((r) => row(r, 0, g.header))
        .join('')}</thead>`
    : '';
  const body = range(from, to)
    .map((r) => row(r, from, to))
    .join('');
  return `<table><colgroup>${cols}</colgroup>${head}<tbody>${body}</tbody></table>`;
}

// ------------------------------------------------------------------ the document

/** How one agency's word processor lays the report out. */
interface Style {
  bodyPt: number;
  tablePt: number;
  /** Merged label and header cells drawn as one cell over their rows, or left as a grid of empty cells. */
  rowspans: boolean;
  /** Share of the page width for the label columns of a table with 1 or 3 of them. */
  labels: [number, number];
}

function styleOf(rng: Random): Style {
  return {
    bodyPt: rng.pick([12, 14, 16]),
    tablePt: rng.pick([9, 10, 10.5]),
    rowspans: rng.chance(0.8),
    labels: [0.18 + rng.next() * 0.14, 0.34 + rng.next() * 0.16],
  };
}

type Unit =
  { kind: 'text'; html: string; heading: boolean } | { kind: 'table'; grid: Grid; widths: number[]; rows: number };

const HEADING = /^[一二三四五六七八九十]+、/;

function unitsOf(blocks: Block[], style: Style): Unit[] {
  const units: Unit[] = [];
  blocks.forEach((b, i) => {
    if (b.kind === 'text') {
      if (i === 0)
        units.push({ kind: 'text', html: `<h1>${b.text.split('\n').map(esc).join('<br>')}</h1>`, heading: true });
      else
        for (const line of b.text.split('\n')) {
          const heading = HEADING.test(line);
          units.push({ kind: 'text', html: `<p${heading ? ' class="h"' : ''}>${esc(line)}</p>`, heading });
        }
      return;
    }
    const grid = gridOf(b.rows, b.header, style.rowspans);
    const rest = numberColumns(b.rows, b.header);
    const labels = grid.cols - rest;
    const share = labels === 0 ? 0 : labels === 1 ? style.labels[0] : style.labels[1];
    // The first label column is the narrowest, so that its labels wrap (三、本年度办理结果 over two lines or more).
    const weights = Array.from({ length: labels }, (_x, k) => k + 1.2);
    const sum = weights.reduce((a, w) => a + w, 0);
    const widths = [
      ...weights.map((w) => (share * w) / sum),
      ...Array.from({ length: rest }, () => (1 - share) / rest),
    ];
    units.push({ kind: 'table', grid, widths, rows: b.rows.length });
  });
  return units;
}

// Page margins of an A4 sheet (mm), as a word processor's defaults for official documents.
const MARGIN = { top: 25, right: 24, bottom: 22, left: 26 };
const PX_PER_MM = 96 / 25.4;
/** A4 in CSS pixels. */
const PAGE = { width: 794, height: 1123 };
const CONTENT = {
  width: Math.floor(PAGE.width - (MARGIN.left + MARGIN.right) * PX_PER_MM),
  height: Math.floor(PAGE.height - (MARGIN.top + MARGIN.bottom) * PX_PER_MM),
};
const FONT = "'WenQuanYi Zen Hei'";

function css(style: Style): string {
  return `@page { size: A4; margin: ${MARGIN.top}mm ${MARGIN.right}mm ${MARGIN.bottom}mm ${MARGIN.left}mm; }
html, body { margin: 0; padding: 0; }
body { font-family: ${FONT}; font-size: ${style.bodyPt}pt; line-height: 1.5; color: #000; background: #fff; }
h1 { font-size: ${style.bodyPt + 6}pt; font-weight: bold; text-align: center; line-height: 1.4; margin: 0; padding: 0 0 0.8em; break-after: avoid; }
p { margin: 0; text-indent: 2em; }
p.h { font-weight: bold; break-after: avoid; }
div.t { padding: 4pt 0 8pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: ${style.tablePt}pt; line-height: 1.3; }
td { border: 1px solid #000; padding: 2px 3px; text-align: center; vertical-align: middle; word-break: break-all; }
td.l { text-align: left; }
tr { break-inside: avoid; }
thead { display: table-header-group; }`;
}

function unitHtml(u: Unit, from?: number, to?: number): string {
  if (u.kind === 'text') return u.html;
  // A table going on over the page leaves no space below it.
  const cut = to !== undefined && to < u.rows;
  return `<div class="t"${cut ? ' style="padding-bottom:0"' : ''}>${tableHtml(u.grid, u.widths, from, to)}</div>`;
}

function documentHtml(title: string, style: Style, body: string, extraCss = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>${css(style)}${extraCss}</style></head><body>${body}</body></html>`;
}

const titleOf = (blocks: Block[]) => (blocks[0]?.kind === 'text' ? blocks[0].text.replace(/\n/g, '') : '');

// ------------------------------------------------------------------ pdf-print

/** The creation date Chromium stamps, replaced (same length, so the cross-reference table holds) by the publication date. */
function stampDate(pdf: Uint8Array, publishedOn: string): Uint8Array {
  const buf = Buffer.from(pdf);
  const text = buf.toString('latin1');
  const day = publishedOn.replace(/-/g, '');
  const fixed = text.replace(
    /\/(CreationDate|ModDate) \(D:\d{14}([^)]*)\)/g,
    (_m, key: string, zone: string) => `/${key} (D:${day}093000${zone.replace(/[0-9]/g, '0').replace(/^[-+]/, '+')})`,
  );
  return Buffer.from(fixed, 'latin1');
}

export async function printPdf(page: Page, content: SynthContent): Promise<Uint8Array> {
  const style = styleOf(content.rng);
  const units = unitsOf(content.blocks, style);
  await page.setContent(documentHtml(titleOf(content.blocks), style, units.map((u) => unitHtml(u)).join('\n')));
  const small = `font-family:${FONT};font-size:9pt;color:#000;`;
  const pdf = await page.pdf({
    format: 'A4',
    displayHeaderFooter: true,
    headerTemplate: `<div style="${small}width:100%;margin:0 ${MARGIN.right}mm 0 ${MARGIN.left}mm;padding-bottom:2px;border-bottom:1px solid #000;text-align:center">${esc(content.truth.agency)}</div>`,
    footerTemplate: `<div style="${small}font-size:10.5pt;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>`,
    margin: {
      top: `${MARGIN.top}mm`,
      right: `${MARGIN.right}mm`,
      bottom: `${MARGIN.bottom}mm`,
      left: `${MARGIN.left}mm`,
    },
  });
  return stampDate(pdf, content.publishedOn);
}

// ------------------------------------------------------------------ scan

type Item = { unit: number; from?: number; to?: number };

interface Size {
  height: number;
  head: number;
  rows: number[];
}

/**
 * Lay the units out into A4 pages: the heights measured once in the page give a first guess for each page, and
 * the page is then rendered at its real size and shortened by a row (or a paragraph) until nothing overflows.
 * Table rows are never cut by the page edge; a table going on repeats its header rows, as in print.
 */
async function paginate(page: Page, units: Unit[]): Promise<Item[][]> {
  const sizes: Size[] = await page.evaluate(() =>
    Array.from(document.querySelectorAll('#measure > *'), (e) => {
      const table = e.querySelector('table');
      return {
        height: e.getBoundingClientRect().height,
        head: table?.tHead?.getBoundingClientRect().height ?? 0,
        rows: table ? Array.from(table.tBodies[0].rows, (tr) => tr.getBoundingClientRect().height) : [],
      };
    }),
  );
  const overflows = (items: Item[]) =>
    page.evaluate(
      (html) => {
        const probe = document.getElementById('probe')!;
        probe.innerHTML = html;
        return probe.scrollHeight > probe.clientHeight + 0.5;
      },
      items.map((it) => unitHtml(units[it.unit], it.from, it.to)).join(''),
    );
  const pages: Item[][] = [];
  let unit = 0;
  let row: number | undefined;
  const PAD = 16;
  while (unit < units.length) {
    // A first guess from the measured heights.
    const items: Item[] = [];
    let used = 0;
    let u = unit;
    let r = row;
    for (; u < units.length; u++, r = undefined) {
      const x = units[u];
      if (x.kind === 'text') {
        if (items.length && used + sizes[u].height > CONTENT.height) break;
        items.push({ unit: u });
        used += sizes[u].height;
        continue;
      }
      const from = r ?? x.grid.header;
      let to = from;
      let need = used + PAD + sizes[u].head;
      while (to < x.rows && need + sizes[u].rows[to - x.grid.header] <= CONTENT.height)
        need += sizes[u].rows[to++ - x.grid.header];
      if (to === from && items.length) break;
      items.push({ unit: u, from, to: Math.max(to, from + 1) });
      used = need;
      if (to < x.rows) break;
    }
    // Then the truth from the page itself.
    while (await overflows(items)) {
      const last = items[items.length - 1];
      if (last.to !== undefined && last.to - last.from! > 1) last.to--;
      else if (items.length > 1) items.pop();
      else break;
    }
    // A heading stays with what follows it.
    const last = items[items.length - 1];
    if (items.length > 1 && units[last.unit].kind === 'text' && (units[last.unit] as { heading: boolean }).heading)
      if (last.unit < units.length - 1) items.pop();
    pages.push(items);
    const end = items[items.length - 1];
    const x = units[end.unit];
    if (x.kind === 'table' && end.to! < x.rows) {
      unit = end.unit;
      row = end.to;
    } else {
      unit = end.unit + 1;
      row = undefined;
    }
  }
  return pages;
}

export async function scanPdf(page: Page, content: SynthContent): Promise<Uint8Array> {
  const style = styleOf(content.rng);
  const units = unitsOf(content.blocks, style);
  const m = MARGIN.top * PX_PER_MM;
  const pageCss = `
.page { position: relative; width: ${PAGE.width}px; height: ${PAGE.height}px; overflow: hidden; background: #f6f6f3; filter: grayscale(1); }
.sheet { position: absolute; inset: 0; color: #141414; }
.hd { position: absolute; top: ${(m - 30).toFixed(0)}px; left: ${(MARGIN.left * PX_PER_MM).toFixed(0)}px; width: ${CONTENT.width}px; font-size: 9pt; text-align: center; border-bottom: 1px solid #141414; padding-bottom: 2px; }
.ft { position: absolute; bottom: ${(MARGIN.bottom * PX_PER_MM - 40).toFixed(0)}px; left: 0; right: 0; font-size: 10.5pt; text-align: center; }
.body { position: absolute; top: ${m.toFixed(0)}px; left: ${(MARGIN.left * PX_PER_MM).toFixed(0)}px; width: ${CONTENT.width}px; height: ${CONTENT.height}px; overflow: hidden; }
.sheet td { border-color: #141414; }
#measure, #probe { width: ${CONTENT.width}px; }
#probe { height: ${CONTENT.height}px; overflow: hidden; }`;
  await page.setContent(
    documentHtml(
      titleOf(content.blocks),
      style,
      `<div id="measure">${units.map((u) => unitHtml(u)).join('')}</div><div id="probe"></div>`,
      pageCss,
    ),
  );
  const pages = await paginate(page, units);
  // A scanner feeds each sheet a little askew.
  const sheets = pages.map((items, i) => {
    const skew = (content.rng.next() - 0.5) * 0.6;
    return `<div class="page"><div class="sheet" style="transform:rotate(${skew.toFixed(3)}deg)"><div class="hd">${esc(content.truth.agency)}</div><div class="body">${items.map((it) => unitHtml(units[it.unit], it.from, it.to)).join('')}</div><div class="ft">- ${i + 1} -</div></div></div>`;
  });
  await page.setContent(documentHtml(titleOf(content.blocks), style, sheets.join(''), pageCss));
  const jpegs: Uint8Array[] = [];
  // The sheets lie one under the other; each is one clip of the full page.
  for (let i = 0; i < pages.length; i++)
    jpegs.push(
      await page.screenshot({
        type: 'jpeg',
        quality: 85,
        fullPage: true,
        clip: { x: 0, y: i * PAGE.height, width: PAGE.width, height: PAGE.height },
      }),
    );
  return imagePdf(jpegs);
}

// ------------------------------------------------------------------ the printed corpus

export interface Printer {
  print: Page;
  scan: Page;
  close: () => Promise<void>;
}

/** One browser for every report: a page to print from, and one at ~200 dpi (A4 at 794 CSS px, scale 2) to scan. */
export async function openPrinter(browser?: Browser): Promise<Printer> {
  const own = browser ?? (await launch());
  const offline = { offline: true };
  const print = await (await own.newContext(offline)).newPage();
  const scan = await (
    await own.newContext({ ...offline, viewport: { width: PAGE.width, height: PAGE.height }, deviceScaleFactor: 2 })
  ).newPage();
  return { print, scan, close: () => (browser ? Promise.resolve() : own.close()) };
}

export async function printedReport(printer: Printer, content: SynthContent): Promise<Uint8Array> {
  return content.truth.layout === 'scan' ? scanPdf(printer.scan, content) : printPdf(printer.print, content);
}

/**
 * `count` reports in the printed layouts (taking turns), written as PDF files under `out` with their truth
 * appended to `out/manifest.jsonl`. Numbered from PRINTED_FROM, so they add to a corpus of the same seed.
 */
export async function writePrinted(
  out: string,
  count: number,
  seed: number,
  withCells = false,
  layouts: PrintLayout[] = PRINT_LAYOUTS,
): Promise<Truth[]> {
  if (count <= 0) return [];
  const truths: Truth[] = [];
  const lines: string[] = [];
  const printer = await openPrinter();
  try {
    for (let i = 0; i < count; i++) {
      const content = synthContent(PRINTED_FROM + i, seed, layouts[i % layouts.length]);
      const bytes = await printedReport(printer, content);
      const path = join(out, content.truth.file);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, bytes);
      truths.push(content.truth);
      lines.push(JSON.stringify(withCells ? content.truth : { ...content.truth, cells: undefined }));
    }
  } finally {
    await printer.close();
  }
  const manifest = join(out, 'manifest.jsonl');
  const before = existsSync(manifest) ? readFileSync(manifest, 'utf8') : '';
  const kept = before.trim() ? (before.endsWith('\n') ? before : before + '\n') : '';
  writeFileSync(manifest, kept + lines.join('\n') + '\n');
  return truths;
}
