/**
 * The report's own text for display (formats/display.ts): a plain text file decoded as the parser decoded it,
 * split into the lines cells cite, or the rows a page's, PDF's, Word or Excel file's reader rebuilt — kept by the
 * data build when it read the file (by its hash, `sha256`), else rebuilt here from the file.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayCacheDir, displayLines, loadRebuiltRows } from '../formats/display.js';
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
    const lines = kept ?? (await displayLines(bytes!));
    return { lines: lines.slice(0, MAX_LINES), truncated: lines.length > MAX_LINES };
  } catch (e) {
    return { lines: [`(${(e as Error).message})`], truncated: false };
  }
}
