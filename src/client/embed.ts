/**
 * The chart-only page for iframes: ?region=CODE|national&chart=ID[&chart_type=line][&years=A-B][&lang=en].
 * It draws from the static series JSON (no database engine) and tells the host page its height in the
 * Datawrapper convention, {"datawrapper-height": {id: px}}, on load and whenever it changes size.
 */
import type { ChartData } from '../domain/charts';
import { render, setupChart, viewFromUrl } from './chart-tools';
import { escapeHtml as esc, formatValue } from '../domain/format';

export function postHeight(id: string) {
  const h = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (window.parent !== window) window.parent.postMessage({ 'datawrapper-height': { [id]: h } }, '*');
  (window as unknown as { __gongkaiHeight?: number }).__gongkaiHeight = h;
}

export async function setupEmbed() {
  const fig = document.getElementById('embed')!;
  const params = new URLSearchParams(location.search);
  const region = (params.get('region') ?? 'national').replace(/[^0-9a-z]/g, '');
  const chartId = params.get('chart') ?? 'requests';
  const id = `${region}-${chartId}`;
  const base = fig.dataset.base!;
  const res = await fetch(`${base}series/${region}.json`);
  if (!res.ok) {
    fig.querySelector('.chart-svg')!.textContent = `No data for ${region}`;
    postHeight(id);
    return;
  }
  const json = (await res.json()) as { charts: ChartData[] };
  const data = json.charts.find((c) => c.id === chartId) ?? json.charts[0];
  const view = () => ({ ...viewFromUrl(params), type: params.get('chart_type') === 'line' ? ('line' as const) : viewFromUrl(params).type });
  const draw = () => {
    const en = document.documentElement.classList.contains('en');
    document.getElementById('embed-title')!.textContent = en ? data.en : data.zh;
    fig.querySelector('.chart-svg')!.innerHTML = render(data, view());
    const years = [...new Set(data.series.flatMap((s) => s.points.map((p) => p.year)))].sort();
    document.getElementById('embed-table')!.innerHTML = `<table class="report"><thead><tr><th>${en ? 'Year' : '年度'}</th>${data.series.map((s) => `<th>${esc(en ? s.en : s.zh)}</th>`).join('')}</tr></thead><tbody>${years
      .map((y) => `<tr><th>${y}</th>${data.series.map((s) => { const p = s.points.find((q) => q.year === y); return `<td class="num${p?.flagged ? ' flagged' : ''}">${formatValue(p?.value ?? null, data.rate)}</td>`; }).join('')}</tr>`)
      .join('')}</tbody></table>`;
    postHeight(id);
  };
  const link = document.getElementById('embed-source') as HTMLAnchorElement;
  link.href = new URL(region === 'national' ? base : `${base}region/${region}/`, location.href).href;
  setupChart(fig, () => data, view);
  draw();
  new ResizeObserver(() => postHeight(id)).observe(document.body);
  fig.addEventListener('toggle', () => postHeight(id), true);
}
