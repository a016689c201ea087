import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { layoutChart } from '../../src/charts/layout.js';
import type { ChartSpec, Point } from '../../src/charts/spec.js';
import { chartSvg } from '../../src/charts/svg.js';

const YEARS = [2020, 2021, 2022, 2023];
const points = (values: (number | null)[], flaggedAt = -1): Point[] =>
  values.map((value, i) => ({ year: YEARS[i], value, ...(i === flaggedAt && { flagged: true }) }));

/** The markup as readers' browsers and the e2e tests see it: elements and their attributes. */
const parse = (svg: string) => parseDocument(svg, { xmlMode: true }).children;
const all = (svg: string, test: (e: Element) => boolean) => DomUtils.findAll(test, parse(svg));
const dataRects = (svg: string) => all(svg, (e) => e.name === 'rect' && 'data-value' in e.attribs);
const texts = (svg: string) => all(svg, (e) => e.name === 'text').map((e) => DomUtils.textContent(e));

describe('bars', () => {
  const spec: ChartSpec = { title: 'Requests', series: [{ label: 'new', points: points([0, 250, 730, 400]) }] };
  const layout = layoutChart(spec);
  const bar = (year: number) => layout.bars.find((b) => b.year === year)!;
  // 730 rounds up to a nice 800, so the value axis ends on a tick rather than on the data.
  const niceTop = 800;
  const plotHeight = layout.baseline - layout.plot.top;

  it('ends the value axis on a nice tick at the top of the plot', () => {
    const top = layout.yTicks.at(-1)!;
    expect(top).toEqual({ pos: layout.plot.top, label: '800' });
    expect(layout.yTicks[0]).toEqual({ pos: layout.baseline, label: '0' });
  });

  it('draws heights proportional to the values, from the baseline', () => {
    expect(bar(2020).height).toBe(0);
    expect(bar(2020).y).toBe(layout.baseline);
    for (const v of [250, 730, 400]) {
      const b = layout.bars.find((x) => x.value === v)!;
      expect(b.height).toBeCloseTo((v / niceTop) * plotHeight, 1);
      expect(b.y + b.height).toBeCloseTo(layout.baseline, 5);
    }
    expect(bar(2022).height / bar(2021).height).toBeCloseTo(730 / 250, 2);
  });

  it('lets the maximum reach the top when it is itself a nice number', () => {
    const l = layoutChart({ title: 't', series: [{ label: 's', points: points([0, 500, 1000, 200]) }] });
    const max = l.bars.find((b) => b.value === 1000)!;
    expect(max.y).toBe(l.plot.top);
    expect(max.height).toBeCloseTo(l.baseline - l.plot.top, 5);
  });

  it('places bars side by side inside their year, in series order, without overlap', () => {
    const l = layoutChart({
      title: 't',
      series: [
        { label: 'a', points: points([1, 2, 3, 4]) },
        { label: 'b', points: points([4, 3, 2, 1]) },
      ],
    });
    for (const year of YEARS) {
      const [a, b] = [0, 1].map((s) => l.bars.find((x) => x.year === year && x.series === s)!);
      expect(a.x + a.width).toBeLessThanOrEqual(b.x);
      const tick = l.xTicks.find((t) => t.label === String(year))!;
      expect(tick.pos).toBeGreaterThan(a.x);
      expect(tick.pos).toBeLessThan(b.x + b.width);
    }
  });

  it('writes each bar as rect[data-value] with its series, year and a tooltip', () => {
    const svg = chartSvg(spec);
    const rects = dataRects(svg);
    expect(rects.map((r) => r.attribs['data-value'])).toEqual(['0', '250', '730', '400']);
    expect(rects.map((r) => r.attribs['data-year'])).toEqual(YEARS.map(String));
    expect(rects.every((r) => r.attribs['data-series'] === '0')).toBe(true);
    expect(DomUtils.textContent(rects[1])).toBe('new 2021: 250');
  });
});

describe('blanks and flags', () => {
  const spec: ChartSpec = {
    title: 't',
    series: [
      { label: 'a', points: points([10, null, 30, 40], 2) },
      { label: 'b', points: points([5, 6, 7, 8]) },
    ],
  };

  it('leaves a null as a gap on the baseline, never a bar', () => {
    const layout = layoutChart(spec);
    expect(layout.bars.filter((b) => b.series === 0).map((b) => b.year)).toEqual([2020, 2022, 2023]);
    expect(layout.gaps).toEqual([{ series: 0, year: 2021, x: expect.any(Number), y: layout.baseline }]);
    const svg = chartSvg(spec);
    expect(dataRects(svg).filter((r) => r.attribs['data-year'] === '2021')).toHaveLength(1);
    expect(texts(svg)).toContain('–');
  });

  it('marks a flagged value with the hatch and a "!"', () => {
    const svg = chartSvg(spec);
    const flagged = dataRects(svg).filter((r) => r.attribs.fill === 'url(#flag)');
    expect(flagged.map((r) => r.attribs['data-value'])).toEqual(['30']);
    expect(DomUtils.textContent(flagged[0])).toBe('a 2022: 30 (!)');
    // Two series have room for value labels, which then carry the "!".
    expect(texts(svg)).toContain('30 !');
  });

  it('puts a bare "!" on flagged bars too narrow for a value label', () => {
    const many: ChartSpec = {
      title: 't',
      series: ['a', 'b', 'c'].map((label, i) => ({ label, points: points([1, 2, 3, 4], i === 1 ? 0 : -1) })),
    };
    expect(layoutChart(many).bars.every((b) => b.label === undefined)).toBe(true);
    expect(texts(chartSvg(many))).toEqual(expect.arrayContaining(['!']));
    expect(texts(chartSvg(many)).filter((t) => t === '!')).toHaveLength(1);
  });

  it('patterns bars by series when there are several, a plain colour when there is one', () => {
    expect(dataRects(chartSvg(spec)).map((r) => r.attribs.fill)).toContain('url(#p1)');
    const one = chartSvg({ title: 't', series: [spec.series[1]] });
    expect(new Set(dataRects(one).map((r) => r.attribs.fill))).toEqual(new Set(['#1d4ed8']));
  });
});

describe('lines', () => {
  const spec: ChartSpec = {
    title: 'Rates',
    type: 'line',
    rate: true,
    series: [{ label: 'review', points: points([0.1, 0.2, null, 0.35], 3) }],
  };

  it('breaks the path at a null instead of bridging it', () => {
    const { lines, markers } = layoutChart(spec);
    expect(lines[0].d.match(/M/g)).toHaveLength(2);
    expect(markers.map((m) => m.year)).toEqual([2020, 2021, 2023]);
  });

  it('draws points as g[data-value] with a d3 symbol, no bars', () => {
    const svg = chartSvg(spec);
    expect(dataRects(svg)).toHaveLength(0);
    const groups = all(svg, (e) => e.name === 'g' && 'data-value' in e.attribs);
    expect(groups.map((g) => g.attribs['data-value'])).toEqual(['0.1', '0.2', '0.35']);
    const marker = DomUtils.findOne((e) => e.name === 'path', groups[0].children)!;
    expect(marker.attribs.d).toBe(layoutChart(spec).symbols[0]);
    expect(DomUtils.textContent(groups[2])).toBe('review 2023: 35.0% (!)');
    expect(texts(svg)).toContain('!');
  });

  it('gives each of six series its own marker shape', () => {
    const six: ChartSpec = {
      title: 't',
      type: 'line',
      series: Array.from({ length: 7 }, (_, i) => ({ label: `s${i}`, points: points([i, i + 1, i + 2, i + 3]) })),
    };
    const { symbols } = layoutChart(six);
    expect(new Set(symbols.slice(0, 6)).size).toBe(6);
    expect(symbols[6]).toBe(symbols[0]);
  });
});

describe('ticks', () => {
  it('formats counts with thousands separators', () => {
    const l = layoutChart({ title: 't', series: [{ label: 's', points: points([200, 900, 1200, 1500]) }] });
    expect(l.yTicks.map((t) => t.label)).toContain('1,000');
    expect(texts(chartSvg({ title: 't', series: [{ label: 's', points: points([200, 900, 1200, 1500]) }] }))).toContain(
      '1,000',
    );
  });

  it('formats rate charts as percentages', () => {
    const l = layoutChart({ title: 't', rate: true, series: [{ label: 's', points: points([0.05, 0.1, 0.3, 0.25]) }] });
    expect(l.yTicks.map((t) => t.label)).toEqual(['0.0%', '5.0%', '10.0%', '15.0%', '20.0%', '25.0%', '30.0%']);
  });

  it('labels every year at the centre of its band, in order', () => {
    const l = layoutChart({ title: 't', series: [{ label: 's', points: points([1, 2, 3, 4]).reverse() }] });
    expect(l.xTicks.map((t) => t.label)).toEqual(YEARS.map(String));
    const pos = l.xTicks.map((t) => t.pos);
    expect(pos).toEqual([...pos].sort((a, b) => a - b));
  });

  it('still draws an axis for a chart of zeros', () => {
    const l = layoutChart({ title: 't', series: [{ label: 's', points: points([0, 0, null, 0]) }] });
    expect(l.yTicks.length).toBeGreaterThan(1);
    expect(l.bars.every((b) => b.height === 0)).toBe(true);
  });
});

describe('markup', () => {
  const hostile: ChartSpec = {
    title: 'A "quoted" <b>title</b> & more',
    series: [
      { label: '<script>alert(1)</script>', points: points([1, 2, 3, 4]) },
      { label: 'ok', points: points([2, 3, 4, 5]) },
    ],
  };

  it('escapes every text from the data', () => {
    const svg = chartSvg(hostile);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('aria-label="A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more"');
  });

  it('keeps the accessible, responsive frame, and defines the patterns its marks use, no more', () => {
    const svg = chartSvg(hostile);
    const root = all(svg, (e) => e.name === 'svg')[0];
    expect(root.attribs).toMatchObject({
      role: 'img',
      width: '640',
      height: '300',
      viewBox: '0 0 640 300',
      style: 'max-width:100%;height:auto',
    });
    expect(root.attribs['font-family']).toContain('PingFang SC');
    expect(svg).toMatch(/^<svg[^>]*><title>A &quot;quoted&quot;/);
    const patterns = (s: string) => all(s, (e) => e.name === 'pattern').map((p) => p.attribs.id);
    // Two series of bars, one flagged: a pattern each and the hatch; one series alone is a plain colour.
    expect(patterns(svg)).toEqual(['p0', 'p1']);
    const flagged = { ...hostile, series: [{ label: 'a', points: points([1, 2, 3, 4], 2) }, hostile.series[1]] };
    expect(patterns(chartSvg(flagged))).toEqual(['flag', 'p0', 'p1']);
    expect(patterns(chartSvg({ ...hostile, series: [hostile.series[0]] }))).toEqual([]);
    expect(patterns(chartSvg({ ...hostile, type: 'line' }))).toEqual([]);
    expect(all(svg, (e) => e.name === 'g' && e.attribs.class === 'legend')).toHaveLength(2);
  });

  it('agrees with the layout it is printed from', () => {
    const specs: ChartSpec[] = [
      hostile,
      { title: 't', series: [{ label: 's', points: points([3, null, 0, 9], 1) }] },
      {
        title: 't',
        width: 320,
        height: 200,
        series: ['a', 'b', 'c', 'd'].map((label) => ({ label, points: points([1, 2, null, 4]) })),
      },
    ];
    for (const spec of specs) {
      const layout = layoutChart(spec);
      const rects = dataRects(chartSvg(spec));
      expect(rects).toHaveLength(layout.bars.length);
      expect(rects.map((r) => [r.attribs.x, r.attribs.y, r.attribs.height, r.attribs['data-value']])).toEqual(
        layout.bars.map((b) => [b.x, b.y, b.height, b.value].map(String)),
      );
    }
  });

  it('writes compact coordinates, the same every time', () => {
    const spec: ChartSpec = {
      title: 't',
      type: 'line',
      series: [1, 2, 3].map((k) => ({ label: `s${k}`, points: points([k / 3, k / 7, null, k / 11]) })),
    };
    const svg = chartSvg(spec);
    expect(svg).toBe(chartSvg(spec));
    // data-value and tooltips keep the exact number; only drawing coordinates are rounded.
    const geometry = svg.replace(/ data-value="[^"]*"/g, '').replace(/<title>[^<]*<\/title>/g, '');
    expect(geometry.match(/\d\.\d{3,}/g)).toBeNull();
    expect(svg).toContain('data-value="0.3333333333333333"');
  });
});

describe('a definition that changed between templates', () => {
  const spec = (breakBefore?: number): ChartSpec => ({
    title: 'regulations',
    type: 'line',
    series: [{ label: '本年制发规章', points: points([3, 4, 5, 6]), breakBefore }],
  });

  it('is not joined across: the line is two segments, and the chart marks the break', () => {
    const joined = layoutChart(spec());
    expect(joined.lines[0].d.match(/M/g)).toHaveLength(1);
    expect(joined.breaks).toEqual([]);
    const broken = layoutChart(spec(2021));
    expect(broken.lines[0].d.match(/M/g)).toHaveLength(2);
    expect(broken.breaks.map((b) => b.year)).toEqual([2021]);
    // The rule stands between 2020 and 2021.
    const at = (year: number) => broken.markers.find((m) => m.year === year)!.x;
    expect(broken.breaks[0].x).toBeGreaterThan(at(2020));
    expect(broken.breaks[0].x).toBeLessThan(at(2021));
    const svg = chartSvg(spec(2021));
    expect(all(svg, (e) => e.attribs?.['data-break'] === '2021')).toHaveLength(1);
    expect(texts(svg)).toContain('口径变化');
  });

  it('shows no break when the chart starts at or after it', () => {
    const s = spec(2020);
    expect(layoutChart(s).breaks).toEqual([]);
    expect(layoutChart(s).lines[0].d.match(/M/g)).toHaveLength(1);
  });
});
