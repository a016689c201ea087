import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, type ParsedReport } from '../src/parse/report.js';

export const ROOT = join(import.meta.dirname, '..');
export const REPORTS = join(ROOT, 'data/reports');

export function parseFile(rel: string): ParsedReport {
  return parseReport(rel, readFileSync(join(REPORTS, rel)));
}

export function parseText(text: string, name = 'inline.txt'): ParsedReport {
  return parseReport(name, new TextEncoder().encode(text));
}

export const T3_COLS = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_service', 'other_org', 'total'];

/** Table 三 row values in column order. */
export const t3Row = (r: ParsedReport, row: string) => T3_COLS.map((c) => r.cells[`t3.${row}.${c}`]);

export const t4Values = (r: ParsedReport) =>
  ['review', 'suit_direct', 'suit_after_review'].flatMap((g) => ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => r.cells[`t4.${g}.${c}`]));
