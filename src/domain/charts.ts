/**
 * The charts the site draws, described as data: which metrics each standard chart shows, and the chart data
 * (series by year, both languages, flags) that pages prerender and the browser redraws from the figures by metric
 * that series files and shards carry.
 */
import { metricById } from './metrics.js';

export interface ChartSeries {
  id: string;
  zh: string;
  en: string;
  /** `n`: a rate's denominator, so the chart can show its interval and grey a rate of too few cases. */
  points: { year: number; value: number | null; flagged?: boolean; n?: number }[];
  /** The year the figure's definition changed (see Metric.changedIn): drawn as a break, never joined across. */
  breakBefore?: number;
}

export interface ChartData {
  id: string;
  zh: string;
  en: string;
  type: 'bar' | 'line';
  rate: boolean;
  series: ChartSeries[];
  /** What is usual among the body's peers (median and quartiles by year), drawn behind the series. */
  band?: { zh: string; en: string; points: PeerPoint[] };
}

/** The body's peers in one year: how many, their lower quartile, median and upper quartile. */
export interface PeerPoint {
  year: number;
  lo: number;
  mid: number;
  hi: number;
  n: number;
}

/** A figure's points by year, as series files and body shards carry them for every metric. */
export type MetricPoints = Record<string, ChartSeries['points']>;

/** A region's (or the nation's) every metric by year, for compare and the embed, packed at `seriesPath(code)`. */
export const seriesPath = (code: string) => `series/${code}.json.zlib`;
export interface SeriesFile {
  code: string;
  name: { zh: string; en: string };
  metrics: MetricPoints;
}

/**
 * A chart of some metrics from their points: the build draws region pages with it, the embed draws a series
 * file's chart with it, so a series file carries each metric once and no charts.
 */
export function chartOfMetrics(
  id: string,
  zh: string,
  en: string,
  metricIds: string[],
  points: MetricPoints,
): ChartData {
  const series = metricIds.map((mid): ChartSeries => {
    const m = metricById(mid)!;
    return {
      id: m.id,
      zh: m.zh,
      en: m.en,
      points: points[mid] ?? [],
      ...(m.changedIn && { breakBefore: m.changedIn }),
    };
  });
  return { id, zh, en, type: 'bar', rate: metricIds.every((m) => metricById(m)!.rate), series };
}

/** The charts every region page (and the overview) shows. */
export interface StandardChart {
  id: string;
  zh: string;
  en: string;
  metrics: string[];
}

/**
 * One of the standard charts of one place (the nation, a region, a body), titled "place：chart": what region
 * pages, the overview, share cards, the embed and body pages draw.
 */
export const placeChart = (chart: StandardChart, place: { zh: string; en: string }, points: MetricPoints): ChartData =>
  chartOfMetrics(chart.id, `${place.zh}：${chart.zh}`, `${place.en}: ${chart.en}`, chart.metrics, points);

export const STANDARD_CHARTS: StandardChart[] = [
  {
    id: 'requests',
    zh: '依申请公开：收到与办理',
    en: 'Requests received and processed',
    metrics: ['requests_new', 'requests_processed'],
  },
  {
    id: 'outcomes',
    zh: '办理结果',
    en: 'Outcomes',
    metrics: ['granted', 'partially_granted', 'denied', 'unable', 'not_processed', 'other_handling'],
  },
  {
    id: 'litigation',
    zh: '行政复议与行政诉讼',
    en: 'Administrative review and litigation',
    metrics: ['review_total', 'review_corrected', 'suit_total'],
  },
  {
    id: 'correction',
    zh: '纠错率',
    en: 'Correction rates',
    metrics: ['review_correction_rate', 'suit_correction_rate'],
  },
  {
    id: 'proactive',
    zh: '主动公开：许可、处罚、强制决定',
    en: 'Proactive disclosure: licensing, penalty, coercion decisions',
    metrics: ['licensing', 'punishment', 'coercion'],
  },
  {
    id: 'documents',
    zh: '主动公开：规章与规范性文件、收费',
    en: 'Regulations, normative documents, fees',
    metrics: ['regulations_new', 'normative_docs_new', 'fees'],
  },
];
