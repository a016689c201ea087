/**
 * The build summary a maintainer reads after `npm run build:data`: how many reports are ok, partial or
 * failed, why, and one line per input file so that nothing disappears without a trace.
 */
import type { ReportRecord } from './records.js';

export interface BuildSummary {
  inputs: number;
  status: Record<'ok' | 'partial' | 'failed', number>;
  primary_reports: number;
  templates: Record<string, number>;
  cells: number;
  cells_with_value: number;
  checks: number;
  checks_failed: number;
  reasons: { reason: string; reports: number }[];
  files: { file: string; report_id: string; status: string; year: number | null; agency: string | null; region_code: string | null; primary: boolean; problems: number }[];
}

/** A problem's kind: its text up to the first detail (numbers, names, lists). */
const reasonOf = (p: string): string =>
  p
    .replace(/^表[二三四] [^:]+:/, '表X row:')
    .replace(/\([^)]*\)/g, '(…)')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/:\s.*$/, '')
    .replace(/\d+/g, 'N')
    .slice(0, 120);

export function summarise(records: ReportRecord[]): BuildSummary {
  const s: BuildSummary = {
    inputs: records.length,
    status: { ok: 0, partial: 0, failed: 0 },
    primary_reports: 0,
    templates: {},
    cells: 0,
    cells_with_value: 0,
    checks: 0,
    checks_failed: 0,
    reasons: [],
    files: [],
  };
  const reasons = new Map<string, number>();
  for (const rec of records) {
    const r = rec.report;
    s.status[r.status]++;
    if (rec.isPrimary) s.primary_reports++;
    const t = r.template ?? 'none';
    s.templates[t] = (s.templates[t] ?? 0) + 1;
    const values = Object.values(r.cells);
    s.cells += values.length;
    s.cells_with_value += values.filter((v) => v !== null).length;
    s.checks += r.checks.length;
    s.checks_failed += r.checks.filter((c) => !c.ok).length;
    for (const reason of new Set(r.problems.map(reasonOf))) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    s.files.push({ file: rec.path, report_id: rec.reportId, status: r.status, year: r.year, agency: r.agency, region_code: r.region_code, primary: rec.isPrimary, problems: r.problems.length });
  }
  s.reasons = [...reasons].map(([reason, reports]) => ({ reason, reports })).sort((a, b) => b.reports - a.reports || (a.reason < b.reason ? -1 : 1));
  return s;
}

export function summaryText(s: BuildSummary, files = true): string {
  const lines = [
    `Gongkai data build: ${s.inputs} input files → ${s.status.ok} ok, ${s.status.partial} partial, ${s.status.failed} failed (${s.primary_reports} counted as primary reports)`,
    `cells: ${s.cells} (${s.cells_with_value} with a number); identities tested: ${s.checks} (${s.checks_failed} fail)`,
    `templates: ${Object.entries(s.templates).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    'Why reports are partial or failed (reports affected):',
    ...s.reasons.slice(0, 30).map((r) => `  ${String(r.reports).padStart(6)}  ${r.reason}`),
  ];
  if (files) {
    lines.push('', 'Every input file:');
    for (const f of s.files)
      lines.push(`  ${f.status.padEnd(7)} ${f.primary ? ' ' : 'd'} ${String(f.year ?? '----')} ${(f.region_code ?? '------').padEnd(6)} ${f.file}  ${f.agency ?? ''}  (${f.problems} problems)`);
  }
  return lines.join('\n') + '\n';
}
