import { describe, expect, it } from 'vitest';
import { layoutChart } from '../../src/charts/layout.js';
import { chartSvg } from '../../src/charts/svg.js';
import { chartSentence, worthDrawing } from '../../src/domain/chart-sentence.js';
import type { ChartData } from '../../src/domain/charts.js';
import { isThin, rateBasis, wilson } from '../../src/domain/interval.js';
import { denominatorColumn, metricsSelect, METRICS } from '../../src/domain/metrics.js';

describe('Wilson interval', () => {
  // Reference values: Wilson (1927) score interval, z = 1.96, as in Newcombe (1998) table I.
  it('matches published values', () => {
    const a = wilson(0, 10)!;
    expect(a.lo).toBe(0);
    expect(a.hi).toBeCloseTo(0.2775, 4);
    const b = wilson(5, 10)!;
    expect(b.lo).toBeCloseTo(0.2366, 4);
    expect(b.hi).toBeCloseTo(0.7634, 4);
    const c = wilson(81, 263)!;
    expect(c.lo).toBeCloseTo(0.2553, 3);
    expect(c.hi).toBeCloseTo(0.3662, 3);
  });
  it('stays inside 0–1 and refuses impossible counts', () => {
    const one = wilson(1, 1)!;
    expect(one.hi).toBe(1);
    expect(one.lo).toBeGreaterThan(0.2);
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(3, 2)).toBeNull();
  });
  it('says when a rate rests on too few cases', () => {
    expect(isThin(4)).toBe(true);
    expect(isThin(5)).toBe(false);
    expect(isThin(undefined)).toBe(false);
    expect(rateBasis(1, 1).zh).toContain('不足 5 件');
    expect(rateBasis(0.5, 10).en).toBe('n=10, 95% interval 23.7%–76.3%');
    expect(rateBasis(0.5, null)).toEqual({ zh: '', en: '' });
  });
});

describe('rate metrics carry their denominator', () => {
  it('selects n beside every rate and nothing beside a count', () => {
    const sql = metricsSelect();
    for (const m of METRICS) expect(sql.includes(`AS ${denominatorColumn(m.id)}`)).toBe(!!m.rate);
  });
});

describe('rate charts', () => {
  const spec = {
    title: 't',
    rate: true,
    series: [
      {
        label: '复议纠错率',
        points: [
          { year: 2022, value: 0.5, n: 10 },
          { year: 2023, value: 1, n: 1 },
          { year: 2024, value: null },
        ],
      },
    ],
  };
  it('draw the interval, grey a rate of too few cases, and widen the scale to the interval', () => {
    const l = layoutChart(spec);
    const [wide, thin] = l.bars;
    expect(wide.thin).toBeUndefined();
    expect(thin.thin).toBe(true);
    // 0.5 of 10: the interval's top is above the bar's top, its bottom below.
    expect(wide.whisker!.top).toBeLessThan(wide.y);
    expect(wide.whisker!.bottom).toBeGreaterThan(wide.y);
    expect(wide.title).toContain('n=10');
    const svg = chartSvg(spec);
    expect(svg.match(/class="interval"/g)).toHaveLength(2);
    expect(svg).toContain('class="thin"');
  });
  it('label a series of one year on a line chart instead of leaving a lone dot', () => {
    const l = layoutChart({
      title: 't',
      type: 'line',
      series: [
        {
          label: 'A',
          points: [
            { year: 2022, value: 3 },
            { year: 2023, value: 4 },
          ],
        },
        { label: 'B', points: [{ year: 2023, value: 7 }] },
      ],
    });
    expect(l.markers.filter((m) => m.label)).toEqual([expect.objectContaining({ series: 1, label: 'B 7' })]);
  });
});

describe('charts with nothing to draw', () => {
  const chart = (points: { year: number; value: number | null }[][]): ChartData => ({
    id: 'requests',
    zh: '依申请公开',
    en: 'Requests',
    type: 'bar',
    rate: false,
    series: points.map((ps, i) => ({
      id: ['requests_new', 'review_total'][i],
      zh: ['新收申请', '行政复议'][i],
      en: ['New requests', 'Reviews'][i],
      points: ps,
    })),
  });
  it('are one year or only zeros', () => {
    expect(worthDrawing(chart([[{ year: 2023, value: 5 }]]))).toBe(false);
    expect(
      worthDrawing(
        chart([
          [
            { year: 2022, value: 0 },
            { year: 2023, value: 0 },
          ],
        ]),
      ),
    ).toBe(false);
    expect(
      worthDrawing(
        chart([
          [
            { year: 2022, value: 0 },
            { year: 2023, value: 2 },
          ],
        ]),
      ),
    ).toBe(true);
  });
  it('are said in a sentence per year, blanks left out', () => {
    const s = chartSentence(
      chart([
        [
          { year: 2022, value: null },
          { year: 2023, value: 0 },
        ],
        [
          { year: 2022, value: null },
          { year: 2023, value: 0 },
        ],
      ]),
    );
    expect(s.zh).toBe('2023 年：新收申请 0 件，行政复议 0 件。');
    expect(s.en).toBe('2023: New requests 0, Reviews 0.');
    expect(chartSentence(chart([[{ year: 2023, value: null }]])).zh).toContain('暂无数据');
  });
});

describe('the band of peers', () => {
  const spec = {
    title: 't',
    series: [
      {
        label: 'A',
        points: [
          { year: 2022, value: 3 },
          { year: 2023, value: 4 },
        ],
      },
    ],
    band: {
      label: 'peers',
      points: [
        { year: 2022, lo: 1, mid: 2, hi: 30, n: 7 },
        { year: 2023, lo: 2, mid: 5, hi: 9, n: 8 },
        { year: 2019, lo: 0, mid: 0, hi: 500, n: 5 },
      ],
    },
  };
  it('is drawn behind the series over the chart’s years only, and has a legend entry', () => {
    const l = layoutChart(spec);
    expect(l.band!.area).toMatch(/^M/);
    // The scale reaches the band's top within the chart's years (30), not a year the chart does not show (500).
    expect(Number(l.yTicks.at(-1)!.label.replace(/,/g, ''))).toBeGreaterThanOrEqual(30);
    expect(Number(l.yTicks.at(-1)!.label.replace(/,/g, ''))).toBeLessThan(500);
    expect(l.legend.map((e) => [e.full, !!e.band])).toEqual([
      ['A', false],
      ['peers', true],
    ]);
    expect(l.band!.title).toContain('2022 2 (1–30, n=7)');
    const svg = chartSvg(spec);
    expect(svg.indexOf('class="peer-band"')).toBeLessThan(svg.indexOf('<rect x=', svg.indexOf('class="peer-band"')));
    expect(svg).toContain('class="peer-median"');
  });
});
