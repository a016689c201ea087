/**
 * Parsed reports → the rows of the published tables, including which report counts for an agency and year
 * when several files claim it (exact copies, or the same report in two text forms).
 */
import { createHash } from 'node:crypto';
import type { ParsedReport } from '../parse/report.js';
import { ALL_CELL_KEYS } from '../template.js';

export interface ReportRecord {
  report: ParsedReport;
  /** Path relative to the reports folder. */
  path: string;
  reportId: string;
  sourceUrl: string | null;
  isPrimary: boolean;
  duplicateOf: string | null;
}

export const reportIdOf = (path: string): string => createHash('sha256').update(path).digest('hex').slice(0, 16);

/** One id per reporting body: the same name in the same division is the same body across years. */
export const agencyIdOf = (regionCode: string | null, agency: string | null): string | null =>
  agency ? createHash('sha256').update(`${regionCode ?? ''}|${agency}`).digest('hex').slice(0, 12) : null;

const STATUS_RANK = { ok: 0, partial: 1, failed: 2 } as const;
const filled = (r: ParsedReport) => Object.values(r.cells).filter((v) => v !== null).length;

/** Group reports that speak for the same agency and year (or are byte-identical) and pick one to count. */
export function choosePrimaries(records: ReportRecord[]): void {
  const groups = new Map<string, ReportRecord[]>();
  for (const rec of records) {
    const r = rec.report;
    const key = r.agency && r.year ? `a:${r.region_code ?? ''}|${r.agency}|${r.year}` : `h:${r.sha256}`;
    const g = groups.get(key) ?? [];
    g.push(rec);
    groups.set(key, g);
  }
  // Byte-identical files are one report wherever they sit.
  const bySha = new Map<string, ReportRecord[]>();
  for (const rec of records) bySha.set(rec.report.sha256, [...(bySha.get(rec.report.sha256) ?? []), rec]);
  for (const g of groups.values()) {
    g.sort(
      (a, b) =>
        STATUS_RANK[a.report.status] - STATUS_RANK[b.report.status] || filled(b.report) - filled(a.report) || (a.path < b.path ? -1 : 1),
    );
    g.forEach((rec, i) => {
      rec.isPrimary = i === 0;
      rec.duplicateOf = i === 0 ? null : g[0].reportId;
    });
  }
  for (const g of bySha.values()) {
    const primary = g.find((r) => r.isPrimary) ?? g[0];
    for (const rec of g) {
      if (rec === primary) continue;
      rec.isPrimary = false;
      rec.duplicateOf = primary.reportId;
    }
  }
}

export const regionLevels = (code: string | null) => {
  if (!code) return { province: null, city: null, county: null };
  return {
    province: `${code.slice(0, 2)}0000`,
    city: code.slice(2, 4) !== '00' ? `${code.slice(0, 4)}00` : null,
    county: code.slice(4, 6) !== '00' ? code : null,
  };
};

export const cellKeysOf = (r: ParsedReport): string[] => ALL_CELL_KEYS.filter((k) => k in r.cells);
