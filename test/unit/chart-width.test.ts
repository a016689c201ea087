/** A chart drawn for the width it is shown at: on a phone its text keeps its size and nothing runs together. */
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { FONT_SIZE, LABEL_FONT_SIZE, layoutChart, textWidth } from '../../src/charts/layout.js';
import type { ChartSpec } from '../../src/charts/spec.js';
import { chartSvg } from '../../src/charts/svg.js';

const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const series = (label: string, ys: number[], scale = 1) => ({
  label,
  points: ys.map((year, i) => ({ year, value: (i + 1) * 137 * scale })),
});
const PHONE = 330; // a 390 px phone less the page's and the figure's padding

describe('textWidth', () => {
  it('counts a CJK character as an em and a digit as a little over half of one', () => {
    expect(textWidth('新收申请', 12)).toBe(48);
    expect(textWidth('2024', 12)).toBeCloseTo(4 * 0.62 * 12, 5);
    expect(textWidth('淮安 2024', 10)).toBeGreaterThan(textWidth('淮安', 10) + textWidth('2024', 10));
  });
});

describe('a chart at phone width', () => {
  const labels = ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理'];
  const spec: ChartSpec = {
    title: 'outcomes',
    width: PHONE,
    series: labels.map((l, i) => series(l, years(2019, 2025), i + 1)),
  };
  const l = layoutChart(spec);

  it('is drawn at that width, not scaled down from a desktop one', () => {
    expect(l.width).toBe(PHONE);
    expect(chartSvg(spec)).toContain(`viewBox="0 0 ${PHONE} ${l.height}"`);
  });

  it('lays its legend out in as many columns as fit, with no entry running into the next or off the chart', () => {
    const rows = Map.groupBy(l.legend, (e) => e.y);
    expect(rows.size).toBeGreaterThan(1);
    for (const row of rows.values())
      row.forEach((e, i) => {
        const end = e.x + e.size + 6 + textWidth(e.label);
        expect(end).toBeLessThanOrEqual(i + 1 < row.length ? row[i + 1].x : l.width);
      });
    expect(l.legend.map((e) => e.label)).toEqual(labels);
  });

  it('grows taller for its legend rather than squeezing the plot', () => {
    const one = layoutChart({ ...spec, series: spec.series.slice(0, 1) });
    expect(l.plot.bottom - l.plot.top).toBe(one.plot.bottom - one.plot.top);
    expect(l.height).toBeGreaterThan(one.height);
  });

  it('gives its value axis a margin as wide as its widest label', () => {
    for (const t of l.yTicks) expect(l.plot.left - 6 - textWidth(t.label)).toBeGreaterThanOrEqual(0);
  });

  it('thins year labels that would touch, keeping the latest year', () => {
    const many = layoutChart({ title: 'y', width: PHONE, series: [series('n', years(2008, 2025))] });
    expect(many.xTicks.length).toBeLessThan(18);
    expect(many.xTicks.at(-1)!.label).toBe('2025');
    for (let i = 1; i < many.xTicks.length; i++)
      expect(many.xTicks[i].pos - many.xTicks[i - 1].pos).toBeGreaterThanOrEqual(textWidth('2024') + 4);
    // At desktop width every year keeps its label.
    expect(layoutChart({ title: 'y', width: 960, series: [series('n', years(2008, 2025))] }).xTicks).toHaveLength(18);
  });

  it('cuts a legend label that cannot fit even alone, keeping the whole name as its tooltip', () => {
    const long = '某某省某某市某某区人民政府办公室政府信息公开工作领导小组';
    const one = layoutChart({ title: 'x', width: PHONE, series: [series(long, [2024])] });
    expect(one.legend[0].label).toMatch(/…$/);
    expect(one.legend[0].x + 12 + 6 + textWidth(one.legend[0].label)).toBeLessThanOrEqual(PHONE);
    expect(chartSvg({ title: 'x', width: PHONE, series: [series(long, [2024])] })).toContain(`<title>${long}</title>`);
  });

  it('writes numbers on bars only where each fits over its bar', () => {
    const few = layoutChart({ title: 'b', width: PHONE, series: [series('n', [2023, 2024])] });
    expect(few.bars.every((b) => b.label !== undefined)).toBe(true);
    const crowded = layoutChart({
      title: 'b',
      width: PHONE,
      series: [series('a', years(2019, 2025), 1000), series('b', years(2019, 2025), 1000)],
    });
    expect(crowded.bars.every((b) => b.label === undefined)).toBe(true);
  });

  it('writes no text smaller than 11 units, so drawn at its width no text is under 11 CSS px', () => {
    const svg = chartSvg({ ...spec, series: spec.series.slice(0, 2) });
    const doc = parseDocument(svg, { xmlMode: true }).children;
    const root = DomUtils.findOne((e) => e.name === 'svg', doc)!;
    expect(Number(root.attribs['font-size'])).toBe(FONT_SIZE);
    const sizes = DomUtils.findAll((e) => e.name === 'text' && 'font-size' in e.attribs, doc).map((e) =>
      Number(e.attribs['font-size']),
    );
    expect(Math.min(FONT_SIZE, LABEL_FONT_SIZE, ...sizes)).toBeGreaterThanOrEqual(11);
  });
});
