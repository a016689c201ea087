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
import type { PDFPageProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { msg, type Message } from '../domain/messages.js';
import { UndecodableError } from './decode.js';
import { pagesToLines, type Item, type PlacedPage, type Rule } from './layout.js';
import type { Line } from './lines.js';
import { MAX_OCR_PAGES, OCR_MISSING, ocrAvailable, ocrPage, type Raster } from './ocr.js';

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

interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

// pdfjs's ImageKind (decoded image layouts).
const GRAYSCALE_1BPP = 1;
const RGB_24BPP = 2;
const RGBA_32BPP = 3;

/** A decoded image → one grey byte per pixel; a bilevel pixel set to 1 is white. */
function toRaster(img: PdfImage): Raster | null {
  const { width, height, kind, data } = img;
  if (!data || !width || !height) return null;
  const gray = new Uint8Array(width * height);
  if (kind === GRAYSCALE_1BPP) {
    const stride = (width + 7) >> 3;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        gray[y * width + x] = (data[y * stride + (x >> 3)] >> (7 - (x & 7))) & 1 ? 255 : 0;
  } else if (kind === RGB_24BPP || kind === RGBA_32BPP) {
    const n = kind === RGB_24BPP ? 3 : 4;
    for (let i = 0; i < width * height; i++)
      gray[i] = (data[i * n] * 299 + data[i * n + 1] * 587 + data[i * n + 2] * 114) / 1000;
  } else return null;
  return { width, height, gray };
}

/** The largest image painted on a page, decoded, with where it lands; null when the page has none. */
function pageImage(
  page: PDFPageProxy,
  fnArray: number[],
  argsArray: unknown[][],
  y0: number,
): { raster: Raster; place: (x: number, y: number) => [number, number]; scale: number } | null {
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let best: { id: string; ctm: Matrix; area: number } | null = null;
  fnArray.forEach((fn, i) => {
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, argsArray[i] as Matrix);
    else if (fn === OPS.paintImageXObject) {
      const area = Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
      if (!best || area > best.area) best = { id: String(argsArray[i][0]), ctm, area };
    }
  });
  if (!best) return null;
  const { id, ctm: m } = best as { id: string; ctm: Matrix; area: number };
  const objs = id.startsWith('g_') ? page.commonObjs : page.objs;
  const raster = objs.has(id) ? toRaster(objs.get(id) as PdfImage) : null;
  if (!raster) return null;
  const { width: w, height: h } = raster;
  // The image's unit square (v up) lands on the page through the matrix in force when it was painted.
  const place = (x: number, y: number): [number, number] => {
    const u = x / w;
    const v = 1 - y / h;
    return [m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5] - y0];
  };
  return { raster, place, scale: Math.hypot(m[2], m[3]) / h };
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export interface PdfText {
  lines: Line[];
  /** Some pages were scans, read by OCR. */
  ocr: boolean;
  /** What was left unread or read in doubt, for the report's problems. */
  notes: Message[];
  /** Numbers OCR read differently in each of its readings: the report cannot be ok. */
  doubtful: number;
}

/** A report runs to a few dozen pages; a longer PDF (a yearbook, a compilation) is read up to here. */
export const MAX_PDF_PAGES = 100;

export async function pdfToLines(bytes: Uint8Array): Promise<PdfText> {
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
    // Decoded images as plain pixel arrays (no canvas in Node), for OCR.
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new UndecodableError(msg('pdf.encrypted'));
    throw new UndecodableError(msg('pdf.corrupt', { detail: describe(e) }));
  }
  try {
    const pages: PlacedPage[] = [];
    let scanned = 0;
    const doubtful: string[] = [];
    const pageCount = Math.min(doc.numPages, MAX_PDF_PAGES);
    for (let p = 1; p <= pageCount; p++) {
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
      const args = ops.argsArray as unknown[][];
      // A page with no text but an image is a scan: read it by OCR when Tesseract is installed.
      const image = items.length ? null : pageImage(page, ops.fnArray, args, y0);
      if (image) {
        scanned++;
        if (ocrAvailable() && scanned <= MAX_OCR_PAGES) {
          const read = await ocrPage(image.raster, image.place, image.scale);
          pages.push({ items: read.items, rules: read.rules, height: y1 - y0 });
          doubtful.push(...read.doubtful.map((d) => `page ${p}: ${d}`));
        }
      } else pages.push({ items, height: y1 - y0, rules: pageRules(ops.fnArray, args, y0) });
      page.cleanup();
    }
    const lines = pagesToLines(pages);
    if (!lines.length) throw new UndecodableError(scanned && !ocrAvailable() ? OCR_MISSING : msg('pdf.scan_no_text'));
    const notes: Message[] = [];
    if (doc.numPages > MAX_PDF_PAGES) notes.push(msg('pdf.page_limit', { pages: doc.numPages, max: MAX_PDF_PAGES }));
    if (scanned > MAX_OCR_PAGES && ocrAvailable())
      notes.push(msg('ocr.page_limit', { pages: scanned, max: MAX_OCR_PAGES }));
    if (doubtful.length)
      notes.push(msg('ocr.doubtful', { count: doubtful.length, readings: doubtful.slice(0, 5).join('; ') }));
    return { lines, ocr: scanned > 0 && ocrAvailable(), notes, doubtful: doubtful.length };
  } catch (e) {
    if (e instanceof UndecodableError) throw e;
    throw new UndecodableError(msg('pdf.corrupt', { detail: describe(e) }));
  } finally {
    await task.destroy();
  }
}
