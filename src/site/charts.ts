/** Chart-ready data for the prerendered pages: metric series by year, with flags and both languages. */
import { metricById } from '../metrics.js';
import { flaggedYears, type YearRow } from './data.js';

export interface ChartSeries {
  id: string;
  zh: string;
  en: string;
  points: { year: number; value: number | null; flagged?: boolean }[];
}

export interface ChartData {
  id: string;
  zh: string;
  en: string;
  type: 'bar' | 'line';
  rate: boolean;
  series: ChartSeries[];
}

export async function chartData(id: string, zh: string, en: string, metricIds: string[], rows: YearRow[], code = 'national'): Promise<ChartData> {
  const series: ChartSeries[] = [];
  for (const mid of metricIds) {
    const m = metricById(mid)!;
    const flagged = await flaggedYears(m.sql, code);
    series.push({ id: m.id, zh: m.zh, en: m.en, points: rows.map((r) => ({ year: r.year, value: r[m.id] ?? null, flagged: flagged.has(r.year) || undefined })) });
  }
  return { id, zh, en, type: 'bar', rate: metricIds.every((m) => metricById(m)!.rate), series };
}

/** The charts every region page (and the overview) shows. */
export const STANDARD_CHARTS: { id: string; zh: string; en: string; metrics: string[] }[] = [
  { id: 'requests', zh: '依申请公开：收到与办理', en: 'Requests received and processed', metrics: ['requests_new', 'requests_processed'] },
  { id: 'outcomes', zh: '办理结果', en: 'Outcomes', metrics: ['granted', 'partially_granted', 'denied', 'unable', 'not_processed', 'other_handling'] },
  { id: 'litigation', zh: '行政复议与行政诉讼', en: 'Administrative review and litigation', metrics: ['review_total', 'review_corrected', 'suit_total'] },
  { id: 'correction', zh: '纠错率', en: 'Correction rates', metrics: ['review_correction_rate', 'suit_correction_rate'] },
  { id: 'proactive', zh: '主动公开：许可、处罚、强制决定', en: 'Proactive disclosure: licensing, penalty, coercion decisions', metrics: ['licensing', 'punishment', 'coercion'] },
  { id: 'documents', zh: '主动公开：规章与规范性文件、收费', en: 'Regulations, normative documents, fees', metrics: ['regulations_new', 'normative_docs_new', 'fees'] },
];
