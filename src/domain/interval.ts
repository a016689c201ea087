/**
 * How sure a rate is. A correction rate of 100% from one concluded case says almost nothing; the Wilson score
 * interval stays inside 0–1 and honest at small n, where the textbook ±1.96·√(p(1−p)/n) collapses to a point.
 */

/** Below this many cases a rate is shown greyed, with a note, rather than as a finding. */
export const MIN_RATE_N = 5;

export interface RateInterval {
  lo: number;
  hi: number;
}

/** The 95% Wilson score interval of `k` successes in `n` trials; null when there are no trials. */
export function wilson(k: number, n: number, z = 1.959964): RateInterval | null {
  if (!(n > 0) || k < 0 || k > n) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** The interval of a rate given as a share and its denominator (the numerator is recovered and rounded). */
export const rateInterval = (rate: number | null, n: number | null | undefined): RateInterval | null =>
  rate === null || n === null || n === undefined ? null : wilson(Math.round(rate * n), n);

export const isThin = (n: number | null | undefined): boolean => n !== null && n !== undefined && n < MIN_RATE_N;

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * What a rate rests on, in words a reader can quote: its n and interval, or that n is too small to mean much.
 * Empty when the rate has no denominator to show.
 */
export function rateBasis(rate: number | null, n: number | null | undefined): { zh: string; en: string } {
  if (n === null || n === undefined) return { zh: '', en: '' };
  const ci = rateInterval(rate, n);
  const range = ci
    ? { zh: `，95% 区间 ${pct(ci.lo)}–${pct(ci.hi)}`, en: `, 95% interval ${pct(ci.lo)}–${pct(ci.hi)}` }
    : null;
  const thin = isThin(n)
    ? { zh: '；案件不足 5 件，比率不可靠', en: '; fewer than 5 cases, not a reliable rate' }
    : null;
  return {
    zh: `n=${n}${range?.zh ?? ''}${thin?.zh ?? ''}`,
    en: `n=${n}${range?.en ?? ''}${thin?.en ?? ''}`,
  };
}
