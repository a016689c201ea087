/**
 * The report's own text for display (formats/display.ts): decoded as the parser decoded it, split into the lines
 * cells cite, or the rows a PDF's, Word or Excel file's reader rebuilt — kept by the data build when it read the
 * file (by its hash, `sha256`), else rebuilt here from the file.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decode } from '../formats/decode.js';
import { displayCacheDir, loadRebuiltRows, rebuiltRows, showsRebuiltRows } from '../formats/display.js';
import { readDocumentAsync } from '../formats/document.js';
import { parserVersion } from './share.js';

const MAX_LINES = 5000;

export async function sourceLines(
  file: string,
  sha256: string | null,
  reportsDir = resolve(process.env.GONGKAI_REPORTS ?? 'data/reports'),
): Promise<{ lines: string[]; truncated: boolean }> {
  try {
    const kept = sha256 ? loadRebuiltRows(displayCacheDir(), parserVersion(), sha256) : null;
    const bytes = kept ? null : readFileSync(join(reportsDir, file));
    const lines =
      kept ??
      (showsRebuiltRows(bytes!)
        ? rebuiltRows(await readDocumentAsync(bytes!))
        : decode(bytes!).text.split(/\r\n|\r|\n/));
    return { lines: lines.slice(0, MAX_LINES), truncated: lines.length > MAX_LINES };
  } catch (e) {
    return { lines: [`(${(e as Error).message})`], truncated: false };
  }
}
