/** Chart data for the prerendered pages: metric series by year from the built data, with flags and both languages. */
import { denominatorColumn, metricById } from '../domain/metrics.js';
import { placeChart, type ChartData, type MetricPoints, type StandardChart } from '../domain/charts.js';
import type { ShardPoint } from '../domain/shard.js';
import { flaggedYears, type YearRow } from './data.js';

/** One metric by year for a region (or `national`), each year flagged when its aggregate includes a failing number. */
export async function metricPoints(metricId: string, rows: YearRow[], code = 'national'): Promise<ShardPoint[]> {
  const m = metricById(metricId)!;
  const flagged = await flaggedYears(m.sql, code);
  return rows.map((r) => {
    const n = m.denominator ? r[denominatorColumn(m.id)] : null;
    return {
      year: r.year,
      value: r[m.id] ?? null,
      ...(flagged.has(r.year) ? { flagged: true as const } : {}),
      ...(n !== null && n !== undefined ? { n } : {}),
    };
  });
}

export async function chartData(
  chart: StandardChart,
  place: { zh: string; en: string },
  rows: YearRow[],
  code = 'national',
): Promise<ChartData> {
  const points: MetricPoints = {};
  for (const mid of chart.metrics) points[mid] = await metricPoints(mid, rows, code);
  return placeChart(chart, place, points);
}
