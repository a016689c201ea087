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

/**
 * Which share cards a build draws (GONGKAI_CARDS), at ~0.1–0.2 s a card on one core:
 * - `all`: the site's, every region's, every standard chart's and every body's (the default up to 20,000 reports);
 * - `regions`: the site's and every region's — the default above, where a card per body (150,000 at national
 *   scale) would add hours; body pages and charts then share the site's card;
 * - `off`: the site's only.
 */
export type CardMode = 'all' | 'regions' | 'off';

export function cardMode(reports: number): CardMode {
  const m = process.env.GONGKAI_CARDS;
  if (m === 'all' || m === 'regions' || m === 'off') return m;
  return reports > 20_000 ? 'regions' : 'all';
}
