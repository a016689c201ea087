/**
 * Legacy Excel (.xls, BIFF5/BIFF8 in an OLE compound file; WPS spreadsheets, .et, save the same way) → lines of
 * cells, one per worksheet row. Read with SheetJS (`@e965/xlsx`, the project's own 0.20 line republished on npm;
 * the `xlsx` package on npm stopped at 0.18.5 with known advisories), with its code pages loaded so Excel 95
 * files in GBK keep their Chinese. A cell goes to its own column, so blanks between are kept as blanks; merged
 * cells hold their text in the first cell only, as in the XLSX reader.
 */
import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { msg } from '../domain/messages.js';
import { UndecodableError } from './decode.js';
import type { Line } from './lines.js';

XLSX.set_cptable(cptable);

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A cell as a person sees it typed: numbers without float noise, booleans and errors as Excel shows them. */
function cellText(c: XLSX.CellObject | undefined): string {
  if (!c || c.v === undefined || c.v === null) return '';
  if (c.t === 'n' && typeof c.v === 'number') return String(Number(c.v.toPrecision(15)));
  if (c.t === 'b') return c.v ? 'TRUE' : 'FALSE';
  if (c.t === 'e') return c.w ?? '#ERROR';
  return clean(String(c.v));
}

export function xlsToLines(bytes: Uint8Array): Line[] {
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, { type: 'array', cellFormula: false, cellHTML: false, cellStyles: false, dense: true });
  } catch (e) {
    throw new UndecodableError(msg('xls.corrupt', { detail: (e as Error).message }));
  }
  const lines: Line[] = [];
  let counter = 0;
  for (const name of book.SheetNames) {
    const sheet = book.Sheets[name];
    const ref = sheet?.['!ref'];
    if (!ref) continue;
    const range = XLSX.utils.decode_range(ref);
    const rows = (sheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
    for (let r = range.s.r; r <= range.e.r; r++) {
      counter++;
      const row = rows[r] ?? [];
      const cells: string[] = [];
      for (let c = range.s.c; c <= range.e.c; c++) cells.push(cellText(row[c]));
      while (cells.length && !cells[cells.length - 1]) cells.pop();
      if (cells.some(Boolean)) lines.push({ cells, line: counter, delimited: true, blanksReliable: true });
    }
  }
  return lines;
}
