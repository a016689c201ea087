/** The report's own text for display: decoded as the parser decoded it, split into the lines cells cite. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decode } from '../formats/decode.js';

const MAX_LINES = 5000;

export function sourceLines(
  file: string,
  reportsDir = resolve(process.env.GONGKAI_REPORTS ?? 'data/reports'),
): { lines: string[]; truncated: boolean } {
  try {
    const { text } = decode(readFileSync(join(reportsDir, file)));
    const lines = text.split(/\r\n|\r|\n/);
    return { lines: lines.slice(0, MAX_LINES), truncated: lines.length > MAX_LINES };
  } catch (e) {
    return { lines: [`(${(e as Error).message})`], truncated: false };
  }
}
