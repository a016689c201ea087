/**
 * The report's own text for display: decoded as the parser decoded it, split into the lines cells cite. A PDF,
 * Word, Excel or single-file page shows the rows its reader rebuilt (cells joined by " | "), numbered as the
 * cells cite them; what the reader dropped (page numbers, running headers) is a blank line.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decode } from '../formats/decode.js';
import { readDocumentAsync } from '../formats/document.js';
import { looksLikeMht } from '../formats/mht.js';
import { isOffice } from '../formats/office.js';
import { isPdf } from '../formats/pdf.js';

const MAX_LINES = 5000;

export async function sourceLines(
  file: string,
  reportsDir = resolve(process.env.GONGKAI_REPORTS ?? 'data/reports'),
): Promise<{ lines: string[]; truncated: boolean }> {
  try {
    const bytes = readFileSync(join(reportsDir, file));
    let lines: string[];
    if (isPdf(bytes) || isOffice(bytes) || looksLikeMht(bytes)) {
      // A binary or container format has no text lines of its own: show the lines the parser read, at the
      // numbers cells cite.
      const doc = await readDocumentAsync(bytes);
      lines = Array.from({ length: Math.max(0, ...doc.lines.map((l) => l.line)) }, () => '');
      for (const l of doc.lines) lines[l.line - 1] = l.cells.join(' | ');
    } else lines = decode(bytes).text.split(/\r\n|\r|\n/);
    return { lines: lines.slice(0, MAX_LINES), truncated: lines.length > MAX_LINES };
  } catch (e) {
    return { lines: [`(${(e as Error).message})`], truncated: false };
  }
}
