/**
 * A scanned page → placed words and table rules, through Tesseract (Debian `tesseract-ocr` with
 * `tesseract-ocr-chi-sim`), used when installed. The page image is handed over as a greyscale PGM; Tesseract's
 * TSV output gives each word with its box, and the table's ruling lines are found in the pixels (long runs of
 * dark pixels), so a scan goes through the same geometry as a PDF's text layer (layout.ts): ruled boxes make
 * cells, a wrapped label stays one cell.
 *
 * Limits, so one scan cannot stall a build: at most MAX_OCR_PAGES pages are read, each within OCR_PAGE_TIMEOUT_MS,
 * and Tesseract runs on one thread (the build already runs one worker per core).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { boxAt, type Item, type Rule } from './layout.js';

export const MAX_OCR_PAGES = 40;
export const OCR_PAGE_TIMEOUT_MS = 120_000;
const LANGUAGE = 'chi_sim';

/** A page image: one byte per pixel, 0 black … 255 white, rows top to bottom. */
export interface Raster {
  width: number;
  height: number;
  gray: Uint8Array;
}

let available: boolean | null = null;

/**
 * Whether Tesseract and its Simplified Chinese model are installed (asked once per process); GONGKAI_OCR=off
 * turns OCR off for a quick build.
 */
export function ocrAvailable(): boolean {
  if (process.env.GONGKAI_OCR === 'off') return false;
  if (available === null) {
    const r = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8', timeout: 10_000 });
    available = r.status === 0 && `${r.stdout}${r.stderr}`.split(/\s+/).includes(LANGUAGE);
  }
  return available;
}

export const OCR_MISSING =
  'scanned PDF: no text layer, and OCR is not available (install tesseract-ocr and tesseract-ocr-chi-sim; ' +
  'GONGKAI_OCR=off turns it off)';

const DARK = 140;

/** Maximal runs of dark pixels at least `min` long along one line of the image. */
function runs(length: number, dark: (i: number) => boolean, min: number): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= length; i++) {
    if (i < length && dark(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= min) out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

/** Runs found on neighbouring lines (a rule 2–3 pixels thick) merged into one rule at their middle. */
function mergeRuns(found: { at: number; from: number; to: number }[]): Rule[] {
  const rules: (Rule & { first: number; last: number })[] = [];
  for (const r of found) {
    const same = rules.find((x) => r.at - x.last <= 1 && r.from < x.to && r.to > x.from);
    if (same) {
      same.last = r.at;
      same.from = Math.min(same.from, r.from);
      same.to = Math.max(same.to, r.to);
    } else rules.push({ ...r, first: r.at, last: r.at });
  }
  return rules.map((r) => ({ at: (r.first + r.last) / 2, from: r.from, to: r.to }));
}

/**
 * Table rules in pixels (y from the top), with the pixels they cover: horizontal runs longer than a twenty-fifth
 * of the page (longer than a few characters), and vertical runs that meet a horizontal rule, which no
 * character stroke does.
 */
export function pixelRules(r: Raster): { h: Rule[]; v: Rule[]; ink: [number, number, number, number][] } {
  const dark = (x: number, y: number) => r.gray[y * r.width + x] < DARK;
  const ink: [number, number, number, number][] = [];
  const h: { at: number; from: number; to: number }[] = [];
  for (let y = 0; y < r.height; y++)
    for (const [a, b] of runs(r.width, (x) => dark(x, y), Math.max(40, r.width / 25))) {
      h.push({ at: y, from: a, to: b });
      ink.push([a, y, b, y + 1]);
    }
  const hRules = mergeRuns(h);
  // A table's vertical rule meets or crosses a horizontal one (it may run off the page at the other end).
  const meets = (x: number, a: number, b: number) =>
    hRules.some((l) => l.at >= a - 4 && l.at <= b + 4 && l.from - 4 <= x && x <= l.to + 4);
  const v: { at: number; from: number; to: number }[] = [];
  for (let x = 0; x < r.width; x++)
    for (const [a, b] of runs(r.height, (y) => dark(x, y), 8))
      if (meets(x, a, b)) {
        v.push({ at: x, from: a, to: b });
        ink.push([x, a, x + 1, b]);
      }
  return { h: hRules, v: mergeRuns(v), ink };
}

/** The page with its rules painted white, so Tesseract reads the text in a cell without its borders. */
function withoutRules(r: Raster, ink: [number, number, number, number][]): Uint8Array {
  const gray = Uint8Array.from(r.gray);
  for (const [x0, y0, x1, y1] of ink)
    for (let y = Math.max(0, y0 - 1); y < Math.min(r.height, y1 + 1); y++)
      for (let x = Math.max(0, x0 - 1); x < Math.min(r.width, x1 + 1); x++) gray[y * r.width + x] = 255;
  return gray;
}

interface Word {
  text: string;
  left: number;
  width: number;
  /** The word's line (Tesseract's level 4): its middle and height, so a comma sits on its line. */
  middle: number;
  height: number;
}

/** Tesseract's TSV → words (level 5) with their boxes in pixels, placed on their lines (level 4). */
export function tsvWords(tsv: string): Word[] {
  const lines = new Map<string, { middle: number; height: number }>();
  const words: Word[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12) continue;
    const key = f.slice(1, 5).join('/');
    const [left, top, width, height] = [+f[6], +f[7], +f[8], +f[9]];
    if (f[0] === '4') lines.set(key, { middle: top + height / 2, height });
    if (f[0] !== '5') continue;
    // Curly quotes are what stacked or crowded characters most often gain in OCR (其“他, ”商业企业).
    const text = f.slice(11).join('\t').trim().replace(/[“”"]/g, '');
    // A ruling line read as a character is not a word.
    if (!text || /^[|丨Il[\]_]+$/.test(text)) continue;
    const line = lines.get(key) ?? { middle: top + height / 2, height };
    words.push({ text, left, width, ...line });
  }
  return words;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const CJK = /[\u4e00-\u9fff]/g;
/**
 * A table cell whose Chinese reading may be a misread number: it has digits, or at most one Chinese character
 * (the Chinese model reads a lone "1" as 工 or 下, "2" as 有).
 */
const maybeNumber = (text: string) => text.length <= 12 && (/\d/.test(text) || (text.match(CJK) ?? []).length <= 1);
const NUMBER = /^\d+(?:\.\d+)?$/;

/**
 * A rectangle of the page, a few pixels inside its borders, with a white margin, as a PGM image, enlarged
 * (bilinear) by `scale`: Tesseract misses a lone "1" at the size of body text but reads it at twice the size.
 */
function crop(r: Raster, gray: Uint8Array, [x0, y0, x1, y1]: [number, number, number, number], scale: 1 | 2): Buffer {
  const left = Math.max(0, Math.ceil(Math.min(x0, x1)) + 3);
  const right = Math.min(r.width, Math.floor(Math.max(x0, x1)) - 2);
  const top = Math.max(0, Math.ceil(Math.min(y0, y1)) + 3);
  const bottom = Math.min(r.height, Math.floor(Math.max(y0, y1)) - 2);
  const w = Math.max(1, right - left);
  const h = Math.max(1, bottom - top);
  const at = (x: number, y: number) =>
    gray[(top + Math.min(h - 1, Math.max(0, y))) * r.width + left + Math.min(w - 1, Math.max(0, x))] ?? 255;
  const m = 10 * scale;
  const W = scale * w + 2 * m;
  const H = scale * h + 2 * m;
  const out = Buffer.alloc(W * H, 255);
  for (let y = 0; y < scale * h; y++)
    for (let x = 0; x < scale * w; x++) {
      const sx = (x + 0.5) / scale - 0.5;
      const sy = (y + 0.5) / scale - 0.5;
      const fx = Math.floor(sx);
      const fy = Math.floor(sy);
      const ax = sx - fx;
      const ay = sy - fy;
      const top2 = at(fx, fy) * (1 - ax) + at(fx + 1, fy) * ax;
      const bottom2 = at(fx, fy + 1) * (1 - ax) + at(fx + 1, fy + 1) * ax;
      out[(y + m) * W + x + m] = Math.round(top2 * (1 - ay) + bottom2 * ay);
    }
  return Buffer.concat([Buffer.from(`P5\n${W} ${H}\n255\n`), out]);
}

/**
 * Second reading of the table cells that may hold a number, one line each, by the same model restricted to
 * digits: all cells in one Tesseract run. A cell takes the digit reading when that is a clean number and the
 * first reading was not one (工 for 1, a stray mark before 12); two different clean numbers keep the first.
 */
async function readNumbers(
  r: Raster,
  gray: Uint8Array,
  words: Word[],
  rules: { h: Rule[]; v: Rule[] },
  dir: string,
): Promise<Word[]> {
  const cells = new Map<string, { box: [number, number, number, number]; words: Word[] }>();
  for (const w of words) {
    const box = boxAt(w.left + w.width / 2, w.middle, rules);
    if (!box) continue;
    const key = box.join(',');
    if (!cells.has(key)) cells.set(key, { box, words: [] });
    cells.get(key)!.words.push(w);
  }
  const todo = [...cells.values()].filter((c) => maybeNumber(c.words.map((w) => w.text).join('')));
  if (!todo.length) return words;
  // Each cell twice, enlarged and as it is: one of the two sizes reads where the other misses.
  const list = todo.flatMap((c, i) =>
    ([2, 1] as const).map((scale) => {
      const file = join(dir, `cell${i}x${scale}.pgm`);
      writeFileSync(file, crop(r, gray, c.box, scale));
      return file;
    }),
  );
  writeFileSync(join(dir, 'cells.txt'), list.join('\n') + '\n');
  const { stdout } = await run(
    'tesseract',
    [
      join(dir, 'cells.txt'),
      'stdout',
      '-l',
      LANGUAGE,
      '--psm',
      '7',
      '-c',
      'tessedit_char_whitelist=0123456789.',
      'tsv',
    ],
    { timeout: OCR_PAGE_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' } },
  );
  const read = new Map<number, string>();
  for (const row of stdout.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5' || !f[11].trim()) continue;
    const page = +f[1] - 1;
    read.set(page, (read.get(page) ?? '') + f[11].trim());
  }
  const replaced = new Map<Word, Word | null>();
  todo.forEach((c, i) => {
    const got = [read.get(2 * i), read.get(2 * i + 1)].find((t) => t && NUMBER.test(t));
    if (!got || !NUMBER.test(got) || NUMBER.test(c.words.map((w) => w.text).join(''))) return;
    const left = Math.min(...c.words.map((w) => w.left));
    const right = Math.max(...c.words.map((w) => w.left + w.width));
    c.words.forEach((w, k) => replaced.set(w, k ? null : { ...w, text: got, left, width: right - left }));
  });
  return words.flatMap((w) => (replaced.has(w) ? (replaced.get(w) ? [replaced.get(w)!] : []) : [w]));
}

const run = promisify(execFile);

/**
 * One page image → words and rules in page coordinates. `place` maps a pixel (x right, y down) to the page
 * (points, y up); `scale` is points per pixel.
 */
export async function ocrPage(
  r: Raster,
  place: (x: number, y: number) => [number, number],
  scale: number,
): Promise<{ items: Item[]; rules: { h: Rule[]; v: Rule[] } }> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-ocr-'));
  try {
    const image = join(dir, 'page.pgm');
    const px = pixelRules(r);
    const clean = withoutRules(r, px.ink);
    writeFileSync(image, Buffer.concat([Buffer.from(`P5\n${r.width} ${r.height}\n255\n`), clean]));
    const { stdout } = await run('tesseract', [image, 'stdout', '-l', LANGUAGE, '--psm', '6', 'tsv'], {
      timeout: OCR_PAGE_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    const words = await readNumbers(r, clean, tsvWords(stdout), px, dir);
    const glyph = median(words.map((w) => w.height)) || 20;
    const items: Item[] = words.map((w) => {
      const [x, y] = place(w.left, w.middle);
      return { text: w.text, x, right: x + w.width * scale, y, size: Math.min(w.height, glyph * 1.5) * scale };
    });
    const h = px.h.map((l) => {
      const [from, at] = place(l.from, l.at);
      return { at, from, to: place(l.to, l.at)[0] };
    });
    const v = px.v.map((l) => {
      const [at, top] = place(l.at, l.from);
      return { at, from: place(l.at, l.to)[1], to: top };
    });
    return { items, rules: { h, v } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
