/**
 * The figures the site shows, as SQL over the wide `reports` table (one definition for the prerendered pages,
 * the series files and the in-browser DuckDB queries). Built from the template's keys, so a renamed cell
 * breaks here loudly rather than silently charting nothing.
 */
import { wideColumn } from './dataset.js';
import { ALL_CELL_KEYS, T3_2019, T3_2021, T4_OUTCOME_COLUMNS, T4_SUIT_GROUPS } from './template.js';

export interface Metric {
  id: string;
  zh: string;
  en: string;
  /** Aggregate SQL expression over reports rows (nulls are skipped: a report that states no number adds nothing). */
  sql: string;
  group: 'requests' | 'outcomes' | 'litigation' | 'proactive' | 'coverage';
  /** Shown as a share (0–1) rather than a count. */
  rate?: boolean;
  /** A rate's denominator as aggregate SQL: the n a reader needs to judge it (see interval.ts). */
  denominator?: string;
  unit?: { zh: string; en: string };
  /**
   * The report year from which the figure means something else (the 2021 template redefined a 表二 column):
   * charts break the series there instead of joining unlike numbers.
   */
  changedIn?: number;
}

const col = (key: string): string => {
  if (!ALL_CELL_KEYS.includes(key)) throw new Error(`unknown cell key in metric: ${key}`);
  return wideColumn(key);
};
/** Sum of several columns per report, null when the report states none of them. */
const rowSum = (keys: string[]) => {
  const cols = keys.map(col);
  return `CASE WHEN ${cols.map((c) => `${c} IS NULL`).join(' AND ')} THEN NULL ELSE ${cols.map((c) => `coalesce(${c}, 0)`).join(' + ')} END`;
};
/** A table 四 group's concluded cases: every outcome but pending. */
const concludedKeys = (group: string) =>
  T4_OUTCOME_COLUMNS.filter((c) => c !== 'pending').map((c) => `t4.${group}.${c}`);
/** The same column of every lawsuit group of table 四. */
const suitKeys = (column: string) => T4_SUIT_GROUPS.map((g) => `t4.${g}.${column}`);
const rowKeys = (prefix: string) =>
  [...new Set([...T3_2021.rows, ...T3_2019.rows].map((r) => r.key).filter((k) => k.startsWith(prefix)))].map(
    (k) => `t3.${k}.total`,
  );

export const METRICS: Metric[] = [
  {
    id: 'requests_new',
    zh: '本年新收申请',
    en: 'New requests received',
    sql: `sum(${col('t3.new_received.total')})`,
    group: 'requests',
  },
  {
    id: 'requests_carried',
    zh: '上年结转申请',
    en: 'Requests carried over',
    sql: `sum(${col('t3.carried_over.total')})`,
    group: 'requests',
  },
  {
    id: 'requests_processed',
    zh: '本年办理总计',
    en: 'Requests processed',
    sql: `sum(${col('t3.total_processed.total')})`,
    group: 'requests',
  },
  {
    id: 'requests_natural_person',
    zh: '自然人申请',
    en: 'Requests from individuals',
    sql: `sum(${col('t3.new_received.natural_person')})`,
    group: 'requests',
  },
  { id: 'granted', zh: '予以公开', en: 'Granted', sql: `sum(${col('t3.granted.total')})`, group: 'outcomes' },
  {
    id: 'partially_granted',
    zh: '部分公开',
    en: 'Partly granted',
    sql: `sum(${col('t3.partially_granted.total')})`,
    group: 'outcomes',
  },
  { id: 'denied', zh: '不予公开', en: 'Refused', sql: `sum(${rowSum(rowKeys('denied_'))})`, group: 'outcomes' },
  {
    id: 'unable',
    zh: '无法提供',
    en: 'Unable to provide',
    sql: `sum(${rowSum(rowKeys('unable_'))})`,
    group: 'outcomes',
  },
  {
    id: 'not_processed',
    zh: '不予处理',
    en: 'Not processed',
    sql: `sum(${rowSum(rowKeys('rejected_'))})`,
    group: 'outcomes',
  },
  {
    id: 'other_handling',
    zh: '其他处理',
    en: 'Other handling',
    sql: `sum(${rowSum(rowKeys('other_'))})`,
    group: 'outcomes',
  },
  {
    id: 'review_total',
    zh: '行政复议',
    en: 'Administrative reviews',
    sql: `sum(${col('t4.review.total')})`,
    group: 'litigation',
  },
  {
    id: 'review_corrected',
    zh: '复议结果纠正',
    en: 'Reviews: decision corrected',
    sql: `sum(${col('t4.review.corrected')})`,
    group: 'litigation',
  },
  {
    id: 'review_correction_rate',
    zh: '复议纠错率（纠正/已审结）',
    en: 'Review correction rate (corrected / concluded)',
    sql: `sum(${col('t4.review.corrected')}) / nullif(sum(${rowSum(concludedKeys('review'))}), 0)`,
    group: 'litigation',
    rate: true,
    denominator: `sum(${rowSum(concludedKeys('review'))})`,
  },
  { id: 'suit_total', zh: '行政诉讼', en: 'Lawsuits', sql: `sum(${rowSum(suitKeys('total'))})`, group: 'litigation' },
  {
    id: 'suit_correction_rate',
    zh: '诉讼纠错率（纠正/已审结）',
    en: 'Lawsuit correction rate (corrected / concluded)',
    sql: `sum(${rowSum(suitKeys('corrected'))}) / nullif(sum(${rowSum(T4_SUIT_GROUPS.flatMap(concludedKeys))}), 0)`,
    group: 'litigation',
    rate: true,
    denominator: `sum(${rowSum(T4_SUIT_GROUPS.flatMap(concludedKeys))})`,
  },
  {
    id: 'regulations_new',
    zh: '本年制发规章',
    en: 'Regulations issued',
    sql: `sum(${rowSum(['t2.regulations.issued', 't2.regulations.made'])})`,
    group: 'proactive',
    // 2019 template: 本年新制作数量 (made); 2021: 本年制发件数 (issued).
    changedIn: 2021,
  },
  {
    id: 'normative_docs_new',
    zh: '本年制发规范性文件',
    en: 'Normative documents issued',
    sql: `sum(${rowSum(['t2.normative_docs.issued', 't2.normative_docs.made'])})`,
    group: 'proactive',
    changedIn: 2021,
  },
  {
    id: 'licensing',
    zh: '行政许可决定',
    en: 'Licensing decisions',
    sql: `sum(${col('t2.licensing.decisions')})`,
    group: 'proactive',
  },
  {
    id: 'punishment',
    zh: '行政处罚决定',
    en: 'Penalty decisions',
    sql: `sum(${col('t2.punishment.decisions')})`,
    group: 'proactive',
  },
  {
    id: 'coercion',
    zh: '行政强制决定',
    en: 'Coercion decisions',
    sql: `sum(${col('t2.coercion.decisions')})`,
    group: 'proactive',
  },
  {
    id: 'fees',
    zh: '行政事业性收费（万元）',
    en: 'Administrative fees (10,000 yuan)',
    // Amounts have decimals, and a sum of binary fractions has noise (2769.3299999999995 for 2769.33): rounded
    // to the millionth, past any amount a report states, so charts, series files and downloads carry the sum.
    sql: `round(sum(${col('t2.fees.amount_10k_yuan')}), 6)`,
    group: 'proactive',
    unit: { zh: '万元', en: '10k yuan' },
  },
  { id: 'reports', zh: '报告数', en: 'Reports', sql: 'count(*)', group: 'coverage' },
  {
    id: 'reports_ok',
    zh: '全部勾稽关系成立的报告',
    en: 'Reports passing every check',
    sql: `count(*) FILTER (WHERE status = 'ok')`,
    group: 'coverage',
  },
];

export const metricById = (id: string): Metric | undefined => METRICS.find((m) => m.id === id);

/** The column a rate's denominator is selected as, beside the rate itself. */
export const denominatorColumn = (id: string) => `${id}__n`;

/** One SELECT list computing every metric (and every rate's denominator). */
export const metricsSelect = (metrics = METRICS) =>
  metrics
    .flatMap((m) => [
      `${m.sql} AS ${m.id}`,
      ...(m.denominator ? [`${m.denominator} AS ${denominatorColumn(m.id)}`] : []),
    ])
    .join(',\n  ');

/** The wide columns a metric's SQL reads: a figure built on a number that fails an identity is flagged. */
export const metricColumns = (sql: string): string[] => [...new Set(sql.match(/\bt[234]_[a-z_]+/g) ?? [])];
