/**
 * A report's text as the site shows it, numbered as its cells cite lines. A plain text file shows its own lines;
 * a page (HTML or single-file), PDF, Word or Excel file shows the rows its reader rebuilt (cells joined by " | "),
 * and what the reader dropped (page numbers, running headers, site chrome) is a blank line. A page's own lines
 * would be markup, often a whole table on one.
 *
 * Rebuilding those rows means reading the file again (a PDF through pdf.js, a scan through OCR): the data build,
 * which reads every file anyway, keeps them here by the file's hash, and the page step takes them from here. A
 * page step without them (another machine, a cleared cache) reads the file itself.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildCacheDir } from './build-cache.js';
import { decode } from './decode.js';
import { readDocument, readDocumentAsync, type Document } from './document.js';
import { looksLikeMht } from './mht.js';
import { isOffice } from './office.js';
import { isPdf } from './pdf.js';

/** Where the rebuilt rows are kept: `GONGKAI_TEXT_CACHE`, or `.cache/gongkai/texts` (build-cache.ts). */
export const displayCacheDir = (): string => buildCacheDir('texts', process.env.GONGKAI_TEXT_CACHE);

/**
 * A format whose rows are costly to rebuild again (a PDF, Word, Excel, a single-file page): the data build keeps
 * them. An HTML page's rows are rebuilt too, but in about the time its file takes to read, so they are not kept.
 */
export const keepsRebuiltRows = (bytes: Uint8Array): boolean => isPdf(bytes) || isOffice(bytes) || looksLikeMht(bytes);

/** A report's text as the site shows it, from its file: a plain text file's own lines, else its rebuilt rows. */
export async function displayLines(bytes: Uint8Array): Promise<string[]> {
  if (keepsRebuiltRows(bytes)) return rebuiltRows(await readDocumentAsync(bytes));
  const { text } = decode(bytes);
  const ownLines = () => text.split(/\r\n|\r|\n/);
  // Text with no "<" (nor a character NFKC makes one of) is no page: most files need no reading as a document.
  if (!/[<\uff1c\ufe64]/.test(text)) return ownLines();
  // Page or plain text as readDocument tells them.
  const doc = readDocument(bytes);
  return doc.format === 'text' ? ownLines() : rebuiltRows(doc);
}

/** A document's rows at the line numbers its cells cite. */
export function rebuiltRows(doc: Document): string[] {
  // A fold, not Math.max(...lines): a page of a million paragraphs would overflow the call's arguments.
  const lines = Array.from({ length: doc.lines.reduce((n, l) => Math.max(n, l.line), 0) }, () => '');
  for (const l of doc.lines) lines[l.line - 1] = l.cells.join(' | ');
  return lines;
}

// By reader version too: a reader that changes may rebuild other rows from the same bytes.
const cachePath = (dir: string, version: string, sha256: string) =>
  join(dir, version, sha256.slice(0, 2), `${sha256}.txt.gz`);

/**
 * Rows as the cache keeps them (gzip, fast: the parser thread packs them, the main thread only writes), in a
 * buffer of their own: zlib's may be a slice of a larger one, which cannot be moved to another thread.
 */
export const packRebuiltRows = (rows: string[]): Uint8Array => new Uint8Array(gzipSync(rows.join('\n'), { level: 1 }));

/**
 * The cache's writes, off the parser threads: creating a file took a parser 0.75 ms while a national build kept
 * the disk busy (12% of its time), so the rows come back with the report and are written here, a bounded number
 * at once, while the parsers go on. `flush` before the page step reads them.
 */
export class RebuiltRowsWriter {
  private readonly pending = new Set<Promise<void>>();
  constructor(
    private readonly dir: string,
    private readonly version: string,
    private readonly inFlight = 64,
  ) {}

  async add(sha256: string, packed: Uint8Array): Promise<void> {
    while (this.pending.size >= this.inFlight) await Promise.race(this.pending);
    const write: Promise<void> = keep(cachePath(this.dir, this.version, sha256), packed)
      // a cache that cannot be written costs the page step a read of the file, nothing else
      .catch(() => undefined)
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending);
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function keep(path: string, packed: Uint8Array): Promise<void> {
  if (await exists(path)) return;
  await mkdir(dirname(path), { recursive: true });
  // Written aside and renamed: a reader (or a build killed midway) never finds half a file.
  const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(partial, packed);
  await rename(partial, path);
}

/** Whether the cache holds this file's rows (a parser then need not pack them again). */
export const hasRebuiltRows = (dir: string, version: string, sha256: string): boolean =>
  existsSync(cachePath(dir, version, sha256));

/** The rows the data build kept for this file, or null (not kept, or unreadable). */
export function loadRebuiltRows(dir: string, version: string, sha256: string): string[] | null {
  try {
    return gunzipSync(readFileSync(cachePath(dir, version, sha256)))
      .toString('utf8')
      .split('\n');
  } catch {
    return null;
  }
}

/**
 * Rows kept by other reader versions are never read again: removed before a build keeps this version's. Only
 * folders named like a version go (the cache folder is the user's to point elsewhere).
 */
export function pruneOtherVersions(dir: string, version: string): void {
  if (!existsSync(dir)) return;
  for (const other of readdirSync(dir))
    if (other !== version && /^\d+\.\d+\.\d+[\w.+-]*$/.test(other))
      rmSync(join(dir, other), { recursive: true, force: true });
}
