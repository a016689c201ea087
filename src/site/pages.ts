/**
 * Which per-report and per-body pages a build prerenders (GONGKAI_PAGES):
 * - `all`: a page for every body and every report file (the default up to 20,000 reports);
 * - `national`: a page for every body, and report pages only for files no body page shows (copies,
 *   unattributed excerpts) — the default above 20,000 reports, where a page per file would double the site;
 * - `summary`: neither (benchmarks of the overview and region pages).
 */
export type PageMode = 'all' | 'national' | 'summary';

export function pageMode(reports: number): PageMode {
  const m = process.env.GONGKAI_PAGES;
  if (m === 'all' || m === 'national' || m === 'summary') return m;
  return reports > 20_000 ? 'national' : 'all';
}
