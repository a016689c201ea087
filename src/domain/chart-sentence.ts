/**
 * When a chart has nothing to show. A county whose bodies reported one year, or only zeros, would get charts of
 * empty axes; a sentence says the same thing in fewer pixels and can be read aloud and quoted.
 */
import type { ChartData } from './charts.js';
import { formatValue } from './format.js';
import { metricById } from './metrics.js';

/** A chart is worth drawing when some series has two years to compare and some number is not zero. */
export function worthDrawing(chart: ChartData): boolean {
  const stated = chart.series.map((s) => s.points.filter((p) => p.value !== null));
  return stated.some((ps) => ps.length >= 2) && stated.some((ps) => ps.some((p) => p.value !== 0));
}

/** Counts read 「0 件」; a rate or a figure with its own unit (万元, already in its label) takes no suffix. */
const countSuffix = (metricId: string, rate: boolean) => (rate || metricById(metricId)?.unit ? '' : ' 件');

/**
 * The chart's numbers as one sentence per year, e.g. 「2023 年：新收申请 0 件，已办结 0 件」; a year where no
 * series states a number is left out, and a chart with no number at all says so.
 */
export function chartSentence(chart: ChartData, metricId?: string): { zh: string; en: string } {
  const years = [...new Set(chart.series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  const zh: string[] = [];
  const en: string[] = [];
  for (const year of years) {
    const stated = chart.series.flatMap((s) => {
      const p = s.points.find((q) => q.year === year);
      return p && p.value !== null ? [{ s, v: formatValue(p.value, chart.rate), flag: p.flagged ? '!' : '' }] : [];
    });
    if (!stated.length) continue;
    zh.push(
      `${year} 年：${stated.map(({ s, v, flag }) => `${s.zh} ${v}${countSuffix(metricId ?? s.id, chart.rate)}${flag}`).join('，')}`,
    );
    en.push(`${year}: ${stated.map(({ s, v, flag }) => `${s.en} ${v}${flag}`).join(', ')}`);
  }
  if (!zh.length)
    return {
      zh: '暂无数据：所列年度的报告都没有填写这些数字。',
      en: 'No data: no report of these years states these numbers.',
    };
  return { zh: `${zh.join('；')}。`, en: `${en.join('; ')}.` };
}
