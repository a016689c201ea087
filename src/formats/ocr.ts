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
import { msg } from '../domain/messages.js';
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

export const OCR_MISSING = msg('pdf.scan_no_ocr');

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
 * of the page (longer than a few characters), and vertical runs that meet horizontal ones (see below).
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
  // A table's vertical rule meets a horizontal one, at an end or crossing it; a short run meeting one at one end
  // only is a digit's stroke in a low row (a "1"), not a rule. On a page scanned a little askew a rule breaks
  // into long pieces, each still longer than any stroke.
  const meets = (x: number, a: number, b: number) =>
    hRules.filter((l) => l.at >= a - 4 && l.at <= b + 4 && l.from - 4 <= x && x <= l.to + 4).length;
  const near = (x: number, y: number) =>
    hRules.some((l) => Math.abs(l.at - y) <= 4 && l.from - 4 <= x && x <= l.to + 4);
  const long = r.width / 25;
  const v: { at: number; from: number; to: number }[] = [];
  for (let x = 0; x < r.width; x++)
    for (const [a, b] of runs(r.height, (y) => dark(x, y), 8)) {
      const n = meets(x, a, b);
      if (n >= 2 || (n === 1 && (b - a >= long || (near(x, a) && near(x, b - 1))))) {
        v.push({ at: x, from: a, to: b });
        ink.push([x, a, x + 1, b]);
      }
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
  /** Which image of a list the word is in (0 for a single image), and its line there. */
  image: number;
  line: string;
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
    words.push({ text, left, width, ...line, image: +f[1] - 1, line: key });
  }
  return words;
}

/** Words of one image → its text: words of a line joined, lines joined, a space only between Latin or digits. */
function textOf(words: Word[]): string {
  const join = (a: string, b: string) => (a && /[\x21-\x7e]$/.test(a) && /^[\x21-\x7e]/.test(b) ? `${a} ${b}` : a + b);
  const lines = new Map<string, string>();
  for (const w of words) lines.set(w.line, join(lines.get(w.line) ?? '', w.text));
  return [...lines.values()].reduce(join, '');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const CJK = /[\u4e00-\u9fff]/g;
/**
 * A table cell whose Chinese reading may be a misread number: short, with at most one Chinese character (the
 * Chinese model reads a lone "1" as 工 or 下, "2" as 有); a label ("4.保护第三方…") is never read as digits.
 */
const maybeNumber = (text: string) => text.length <= 12 && (text.match(CJK) ?? []).length <= 1;
const NUMBER = /^\d+(?:\.\d+)?$/;

/** A ruled cell in pixels: left, the rule below, right, the rule above (as `boxAt` gives it). */
type Box = [number, number, number, number];

/**
 * A rectangle of the page, a few pixels inside its borders, with a white margin, as a PGM image, enlarged
 * (bilinear) by `scale`: Tesseract misses a lone "1" at the size of body text but reads it at twice the size.
 */
function crop(r: Raster, gray: Uint8Array, [x0, y0, x1, y1]: Box, scale: number): Buffer {
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
      const upper = at(fx, fy) * (1 - ax) + at(fx + 1, fy) * ax;
      const lower = at(fx, fy + 1) * (1 - ax) + at(fx + 1, fy + 1) * ax;
      out[(y + m) * W + x + m] = Math.round(upper * (1 - ay) + lower * ay);
    }
  return Buffer.concat([Buffer.from(`P5\n${W} ${H}\n255\n`), out]);
}

const pgm = (r: Raster, gray: Uint8Array) => Buffer.concat([Buffer.from(`P5\n${r.width} ${r.height}\n255\n`), gray]);

const run = promisify(execFile);

/** One Tesseract run (an image, or a list file of images) → its TSV. */
async function tesseract(input: string, args: string[]): Promise<string> {
  const { stdout } = await run('tesseract', [input, 'stdout', '-l', LANGUAGE, ...args, 'tsv'], {
    timeout: OCR_PAGE_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  return stdout;
}

/** Images → their words, all in one Tesseract run (the model loads once), by image. */
async function readImages(dir: string, name: string, images: Buffer[], args: string[]): Promise<Word[][]> {
  const files = images.map((b, i) => {
    const file = join(dir, `${name}${i}.pgm`);
    writeFileSync(file, b);
    return file;
  });
  const out: Word[][] = images.map(() => []);
  if (!images.length) return out;
  writeFileSync(join(dir, `${name}.txt`), files.join('\n') + '\n');
  for (const w of tsvWords(await tesseract(join(dir, `${name}.txt`), args))) out[w.image]?.push(w);
  return out;
}

/** The ruled cells that hold ink once the rules are gone: each box found from a dark pixel inside it. */
function inkBoxes(r: Raster, clean: Uint8Array, rules: { h: Rule[]; v: Rule[] }): Box[] {
  const boxes = new Map<string, Box>();
  const seen = new Set<string>();
  for (let y = 0; y < r.height; y += 2)
    for (let x = 0; x < r.width; x += 2) {
      if (clean[y * r.width + x] >= DARK) continue;
      const box = boxAt(x, y, rules);
      if (!box) continue;
      const key = box.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      // A box narrower or lower than a few pixels is a gap between doubled rules, not a cell.
      if (Math.abs(box[2] - box[0]) > 8 && Math.abs(box[3] - box[1]) > 8) boxes.set(key, box);
    }
  // Where a rule is drawn in pieces, points of one cell can see a taller box around it: keep the smallest box
  // of those that overlap, so no cell is read twice.
  const area = ([x0, y0, x1, y1]: Box) => Math.abs(x1 - x0) * Math.abs(y1 - y0);
  const overlap = (a: Box, b: Box) =>
    Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) *
    Math.max(
      0,
      Math.min(Math.max(a[1], a[3]), Math.max(b[1], b[3])) - Math.max(Math.min(a[1], a[3]), Math.min(b[1], b[3])),
    );
  const kept: Box[] = [];
  for (const b of [...boxes.values()].sort((a, b) => area(a) - area(b)))
    if (!kept.some((k) => overlap(k, b) > 0.5 * area(k))) kept.push(b);
  return kept;
}

/**
 * One page image → words and rules in page coordinates. `place` maps a pixel (x right, y down) to the page
 * (points, y up); `scale` is points per pixel. The rules are found and painted white; each ruled cell is read
 * on its own (a label wrapped over three lines beside one-line numbers defeats a whole-page reading), cells that
 * may be numbers a second time as digits, and the text outside the tables from the page with the cells blanked.
 */
export async function ocrPage(
  r: Raster,
  place: (x: number, y: number) => [number, number],
  scale: number,
): Promise<{ items: Item[]; rules: { h: Rule[]; v: Rule[] }; doubtful: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-ocr-'));
  try {
    const px = pixelRules(r);
    const clean = withoutRules(r, px.ink);
    const boxes = inkBoxes(r, clean, px);
    const cellWords = await readImages(
      dir,
      'cell',
      boxes.map((b) => crop(r, clean, b, 1)),
      ['--psm', '6'],
    );
    const texts = cellWords.map(textOf);
    // Every cell that may hold a number is read again as digits at one, two and three times its size. The
    // number most readings agree on (at least two, and no tie) stands, so a Chinese misreading (工 for 1) is
    // outvoted; otherwise the first clean reading is kept and counted as doubtful, so the report cannot be ok.
    const todo = boxes.map((_, i) => i).filter((i) => maybeNumber(texts[i]));
    const scales = [1, 2, 3] as const;
    const digits = await readImages(
      dir,
      'digits',
      todo.flatMap((i) => scales.map((z) => crop(r, clean, boxes[i], z))),
      ['--psm', '7', '-c', 'tessedit_char_whitelist=0123456789.'],
    );
    const doubtful: string[] = [];
    todo.forEach((i, k) => {
      const readings = [texts[i], ...scales.map((_, j) => textOf(digits[scales.length * k + j]))];
      const votes = new Map<string, number>();
      for (const t of readings) if (NUMBER.test(t)) votes.set(t, (votes.get(t) ?? 0) + 1);
      const ranked = [...votes].sort((a, b) => b[1] - a[1]);
      if (!ranked.length) return;
      if (ranked[0][1] >= 2 && ranked[0][1] > (ranked[1]?.[1] ?? 0)) texts[i] = ranked[0][0];
      else {
        texts[i] = ranked[0][0];
        doubtful.push(
          `${texts[i]} (read also as ${readings
            .filter((t) => t !== texts[i])
            .map((t) => t || '—')
            .join(' / ')})`,
        );
      }
    });

    const page = Uint8Array.from(clean);
    for (const [x0, y0, x1, y1] of boxes) {
      const [left, right] = [Math.max(0, Math.floor(Math.min(x0, x1))), Math.min(r.width, Math.ceil(Math.max(x0, x1)))];
      for (let y = Math.max(0, Math.floor(Math.min(y0, y1))); y < Math.min(r.height, Math.ceil(Math.max(y0, y1))); y++)
        page.fill(255, y * r.width + left, y * r.width + right);
    }
    writeFileSync(join(dir, 'page.pgm'), pgm(r, page));
    const free = tsvWords(await tesseract(join(dir, 'page.pgm'), ['--psm', '6']));

    const glyph = median([...free, ...cellWords.flat()].map((w) => w.height)) || 20;
    const items: Item[] = free.map((w) => {
      const [x, y] = place(w.left, w.middle);
      return { text: w.text, x, right: x + w.width * scale, y, size: Math.min(w.height, glyph * 1.5) * scale };
    });
    boxes.forEach(([x0, y0, x1, y1], i) => {
      if (!texts[i]) return;
      const [left, middle] = place(Math.min(x0, x1) + 4, (y0 + y1) / 2);
      const right = place(Math.max(x0, x1) - 4, 0)[0];
      items.push({ text: texts[i], x: left, right, y: middle, size: glyph * scale });
    });
    const h = px.h.map((l) => {
      const [from, at] = place(l.from, l.at);
      return { at, from, to: place(l.to, l.at)[0] };
    });
    const v = px.v.map((l) => {
      const [at, top] = place(l.at, l.from);
      return { at, from: place(l.at, l.to)[1], to: top };
    });
    return { items, rules: { h, v }, doubtful };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
