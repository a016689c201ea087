/** Chart data for the prerendered pages: metric series by year from the built data, with flags and both languages. */
import { metricById } from '../domain/metrics.js';
import type { ChartData, ChartSeries } from '../domain/charts.js';
import { flaggedYears, type YearRow } from './data.js';

export async function chartData(
  id: string,
  zh: string,
  en: string,
  metricIds: string[],
  rows: YearRow[],
  code = 'national',
): Promise<ChartData> {
  const series: ChartSeries[] = [];
  for (const mid of metricIds) {
    const m = metricById(mid)!;
    const flagged = await flaggedYears(m.sql, code);
    series.push({
      id: m.id,
      zh: m.zh,
      en: m.en,
      points: rows.map((r) => ({ year: r.year, value: r[m.id] ?? null, flagged: flagged.has(r.year) || undefined })),
      ...(m.changedIn && { breakBefore: m.changedIn }),
    });
  }
  return { id, zh, en, type: 'bar', rate: metricIds.every((m) => metricById(m)!.rate), series };
}
