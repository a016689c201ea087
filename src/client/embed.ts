/**
 * The chart-only page for iframes: `?region=CODE|national&chart=ID[&type=line][&years=A-B][&lang=en]`, or a
 * compare view, `?items=r:CODE,a:ID&metric=ID[…]`, read through the view-state codec. It draws from the static series JSON (no database engine) and tells the host
 * page its height in the Datawrapper convention, {"datawrapper-height": {id: px}}, on load and on every resize.
 */
import { STANDARD_CHARTS, placeChart, seriesPath, type ChartData, type SeriesFile } from '../domain/charts';
import { SERIES_DICTIONARY } from '../domain/preset-dictionaries';
import { escapeHtml as esc, formatValue } from '../domain/format';
import { inYears, viewHref } from '../domain/view-state';
import { pageView, setupChart } from './chart-tools';
import { compareData } from './compare-data';
import { fetchPacked } from './fetch-json';
import { pageLang } from './lang';

export function postHeight(id: string) {
  const h = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (window.parent !== window) window.parent.postMessage({ 'datawrapper-height': { [id]: h } }, '*');
  (window as unknown as { __gongkaiHeight?: number }).__gongkaiHeight = h;
}

export async function setupEmbed() {
  const fig = document.getElementById('embed')!;
  const view = pageView();
  const region = view.region ?? 'national';
  const chartId = view.chart ?? 'requests';
  const id = view.items ? `compare-${view.items.map((i) => i.id).join('-')}` : `${region}-${chartId}`;
  const base = fig.dataset.base!;
  const en = pageLang() === 'en';
  /** Nothing to draw: say why in the page's language, and offer no download of a chart that is not there. */
  const missing = (zh: string, english: string) => {
    fig.querySelector('.chart-svg')!.textContent = en ? english : zh;
    fig.querySelectorAll('[data-action]').forEach((b) => b.remove());
    postHeight(id);
  };
  let data: ChartData;
  let sourceHref = new URL(region === 'national' ? base : `${base}region/${region}/`, location.href).href;
  if (view.items) {
    // A compare view: the same figures the compare page draws, and a link back to that view.
    const source = compareData(base);
    const items = await source.itemsOf(view.items);
    if (!items.length) return missing('没有可比较的机关或地区。', 'None of the bodies or regions were found.');
    const metric = view.metric ?? 'requests_new';
    data = await source.chartOf(items, metric, view.type ?? 'line', view.years);
    sourceHref = new URL(
      viewHref(`${base}compare/`, { items, metric, type: view.type, years: view.years }),
      location.href,
    ).href;
  } else {
    // A code is six digits or "national": anything else is not fetched at all.
    const series = /^(\d{6}|national)$/.test(region)
      ? await fetchPacked<SeriesFile>(`${base}${seriesPath(region)}`, SERIES_DICTIONARY).catch(() => null)
      : null;
    if (!series) return missing(`没有“${region}”的数据。`, `No data for “${region}”.`);
    // The codec drops a chart id it does not know; the embed says so rather than drawing another chart.
    const asked = new URLSearchParams(location.search).get('chart') ?? chartId;
    const chart = STANDARD_CHARTS.find((c) => c.id === asked);
    if (!chart)
      return missing(
        `没有名为“${asked}”的图表；可用：${STANDARD_CHARTS.map((c) => c.id).join('、')}。`,
        `No chart called “${asked}”; available: ${STANDARD_CHARTS.map((c) => c.id).join(', ')}.`,
      );
    data = placeChart(chart, series.name, series.metrics);
  }
  let redraw = () => {};
  const draw = () => {
    const en = pageLang() === 'en';
    document.getElementById('embed-title')!.textContent = en ? data.en : data.zh;
    redraw();
    const years = [...new Set(data.series.flatMap((s) => s.points.map((p) => p.year)))]
      .filter((y) => inYears(view.years, y))
      .sort();
    const head = data.series.map((s) => `<th>${esc(en ? s.en : s.zh)}</th>`).join('');
    const body = years
      .map((y) => {
        const cells = data.series.map((s) => {
          const p = s.points.find((q) => q.year === y);
          return `<td class="num${p?.flagged ? ' flagged' : ''}">${formatValue(p?.value ?? null, data.rate)}</td>`;
        });
        return `<tr><th>${y}</th>${cells.join('')}</tr>`;
      })
      .join('');
    document.getElementById('embed-table')!.innerHTML =
      `<table class="report"><thead><tr><th>${en ? 'Year' : '年度'}</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
    postHeight(id);
  };
  const link = document.getElementById('embed-source') as HTMLAnchorElement;
  link.href = sourceHref;
  redraw = setupChart(
    fig,
    () => data,
    () => view,
  );
  draw();
  new ResizeObserver(() => postHeight(id)).observe(document.body);
  fig.addEventListener('toggle', () => postHeight(id), true);
}
