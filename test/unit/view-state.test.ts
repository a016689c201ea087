import { describe, expect, it } from 'vitest';
import { STANDARD_CHARTS } from '../../src/domain/charts.js';
import { METRICS } from '../../src/domain/metrics.js';
import { decodeView, encodeView, inYears, viewHref, type ViewState } from '../../src/domain/view-state.js';

const views: ViewState[] = [
  { lang: 'zh' },
  { lang: 'en', region: '320800', chart: 'requests', type: 'line', years: { from: 2021, to: 2024 } },
  { lang: 'zh', region: 'national', chart: 'litigation', type: 'bar' },
  {
    lang: 'en',
    items: [
      { kind: 'r', id: '320800' },
      { kind: 'a', id: '320800-renminzhengfu' },
    ],
    metric: 'review_correction_rate',
    type: 'line',
    years: { from: 2020 },
  },
  {
    lang: 'zh',
    metric: 'granted',
    group: 'county_code',
    province: '350000',
    years: { to: 2023 },
    status: 'partial',
    primary: false,
    sql: "SELECT 1 AS x, '&?=#' AS y",
  },
];

describe('view state ⇄ URL', () => {
  it.each(views.map((v) => [encodeView(v).toString(), v]))('round-trips %s', (_query, view) => {
    expect(decodeView(encodeView(view))).toEqual(view);
    // And the URL is canonical: encoding what was decoded gives the same text.
    const text = encodeView(view).toString();
    expect(encodeView(decodeView(text)).toString()).toBe(text);
  });

  it('every standard chart and metric survives the trip', () => {
    for (const c of STANDARD_CHARTS) expect(decodeView(encodeView({ lang: 'zh', chart: c.id })).chart).toBe(c.id);
    for (const m of METRICS) expect(decodeView(encodeView({ lang: 'zh', metric: m.id })).metric).toBe(m.id);
  });

  it('drops what is unknown or malformed instead of passing it on', () => {
    const v = decodeView(
      'region=12345x&chart=nope&type=pie&years=20x1-2024&metric=drop_table&items=r:1,a:zz,x:1,r:110000&group=password&province=320800&status=great&primary=maybe&lang=fr',
    );
    expect(v).toEqual({ lang: 'zh', items: [{ kind: 'r', id: '110000' }] });
  });

  it('reads the old spellings of the chart type and year filters', () => {
    expect(decodeView('chart=line').type).toBe('line');
    expect(decodeView('region=320800&chart=requests&chart_type=line')).toMatchObject({
      chart: 'requests',
      type: 'line',
    });
    expect(decodeView('from=2020&to=2022').years).toEqual({ from: 2020, to: 2022 });
    // …and writes one spelling only.
    expect(encodeView(decodeView('chart=line&from=2020')).toString()).toBe('type=line&years=2020-');
  });

  it('makes links with the shortest query, the default language left out', () => {
    expect(viewHref('/embed/', { lang: 'zh', region: '320800', chart: 'requests' })).toBe(
      '/embed/?region=320800&chart=requests',
    );
    expect(viewHref('/explore/', { lang: 'zh' })).toBe('/explore/');
  });

  it('filters years by an open or closed range', () => {
    expect([2019, 2020, 2021].filter((y) => inYears({ from: 2020 }, y))).toEqual([2020, 2021]);
    expect([2019, 2020, 2021].filter((y) => inYears({ from: 2019, to: 2019 }, y))).toEqual([2019]);
    expect([2019, 2020].filter((y) => inYears(undefined, y))).toEqual([2019, 2020]);
  });
});
