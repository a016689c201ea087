/**
 * Chart buttons (PNG, SVG, CSV, embed snippet) and redraw in the reader's language and view. The view (chart
 * type, years) comes from the URL through the one view-state codec, and the embed snippet carries it on, so
 * an article shows the chart the reader chose.
 */
import Papa from 'papaparse';
import { chartSvg } from '../charts/svg';
import type { ChartData } from '../domain/charts';
import { escapeHtml } from '../domain/format';
import { decodeView, encodeView, inYears, type ViewState } from '../domain/view-state';
import { setupCites } from './cite';
import { withFont } from './export-font';
import { onLangChange, pageLang } from './lang';

/** What a chart's drawing depends on besides its data. */
export type ChartView = Pick<ViewState, 'type' | 'years'>;

function download(name: string, blob: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export const pageView = (): ViewState => decodeView(location.search);

/** A file someone downloads is drawn at a fixed width, whatever screen it was saved from. */
const EXPORT_WIDTH = 720;

export function render(data: ChartData, view: ChartView = {}, width?: number): string {
  const en = pageLang() === 'en';
  return chartSvg({
    title: en ? data.en : data.zh,
    type: view.type ?? data.type,
    rate: data.rate,
    width,
    series: data.series.map((s) => ({
      label: en ? s.en : s.zh,
      points: s.points.filter((p) => inYears(view.years, p.year)),
      breakBefore: s.breakBefore,
    })),
    ...(data.band && { band: { label: en ? data.band.en : data.band.zh, points: data.band.points } }),
  });
}

export function csvOf(data: ChartData): string {
  const years = [...new Set(data.series.flatMap((s) => s.points.map((p) => p.year)))].sort();
  const rows = years.map((year) => {
    const row: Record<string, string | number> = { year };
    for (const s of data.series) {
      const p = s.points.find((q) => q.year === year);
      row[s.id] = p?.value ?? '';
      if (p?.flagged) row[`${s.id}_fails_identity`] = 'true';
    }
    return row;
  });
  return Papa.unparse(rows);
}

export function embedSnippet(src: string, title: string, id: string): string {
  // The Datawrapper convention: the chart posts {"datawrapper-height": {id: px}}; the host resizes the iframe
  // whose id is "datawrapper-chart-<id>". Without the script the iframe keeps its fixed height.
  return `<iframe title="${escapeHtml(title)}" aria-label="chart" id="datawrapper-chart-${id}" src="${escapeHtml(src)}" scrolling="no" frameborder="0" style="width:0;min-width:100%!important;border:none;" height="480"></iframe>
<script type="text/javascript">!function(){"use strict";window.addEventListener("message",function(a){if(void 0!==a.data["datawrapper-height"]){var e=document.querySelectorAll("iframe");for(var t in a.data["datawrapper-height"])for(var r=0;r<e.length;r++)if(e[r].contentWindow===a.source){var i=a.data["datawrapper-height"][t]+"px";e[r].style.height=i}}})}();</script>`;
}

async function svgToPng(svg: string): Promise<Blob> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  await new Promise((ok, fail) => {
    img.onload = ok;
    img.onerror = fail;
    img.src = url;
  });
  // The inlined font is decoded with the image: drawing before that would fall back to the machine's fonts.
  await img.decode();
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = img.width * scale;
  canvas.height = img.height * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  URL.revokeObjectURL(url);
  return new Promise((ok) => canvas.toBlob((b) => ok(b!), 'image/png'));
}

/**
 * Draws a chart into its holder at the holder's width, so its text stays at its own size on a phone rather than
 * shrinking with a scaled-down picture, and draws it again whenever that width changes (rotation, resizing).
 * Returns the function that redraws it now.
 */
export function drawInto(holder: HTMLElement, svg: (width: number) => string): () => void {
  const draw = () => {
    const width = Math.floor(holder.clientWidth);
    if (!width) return;
    holder.innerHTML = svg(width);
    holder.dataset.drawn = String(width);
  };
  new ResizeObserver(() => {
    if (Math.floor(holder.clientWidth) !== Number(holder.dataset.drawn)) draw();
  }).observe(holder);
  draw();
  return draw;
}

const hasPoints = (data: ChartData) => data.series.some((s) => s.points.length > 0);

/** `drawable` says whether the data makes a chart; when it does not, whatever the holder shows (a sentence) stays. */
export function setupChart(
  fig: HTMLElement,
  getData: () => ChartData,
  view: () => ChartView = pageView,
  drawable: (data: ChartData) => boolean = hasPoints,
) {
  const name = () => `gongkai-${fig.dataset.chart}`;
  const svgOf = () => render(getData(), view(), EXPORT_WIDTH);
  fig.addEventListener('click', async (e) => {
    const action = (e.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (!action) return;
    if (action === 'svg') download(`${name()}.svg`, new Blob([await withFont(svgOf())], { type: 'image/svg+xml' }));
    if (action === 'png') download(`${name()}.png`, await svgToPng(await withFont(svgOf())));
    if (action === 'csv') download(`${name()}.csv`, new Blob(['\ufeff' + csvOf(getData())], { type: 'text/csv' }));
    if (action === 'embed') {
      let box = fig.querySelector<HTMLTextAreaElement>('textarea.embed-code');
      if (!box) {
        box = document.createElement('textarea');
        box.className = 'embed-code mt-2 w-full rounded border p-1 font-mono text-xs';
        box.rows = 5;
        box.readOnly = true;
        box.setAttribute('aria-label', '嵌入代码 / embed code');
        fig.append(box);
      }
      // Written again at every press: a compare view changes under the same figure.
      const src = embedUrl(fig.dataset.embed!, view());
      box.value = embedSnippet(src.href, getData().zh, `${fig.dataset.chart}-${Math.abs(hash(src.href)).toString(36)}`);
      box.focus();
      box.select();
    }
  });
  const holder = fig.querySelector<HTMLElement>('.chart-svg');
  // A holder with nothing drawn yet (compare before a choice, an embed still loading) is left as it is.
  const redraw = holder
    ? drawInto(holder, (width) => (drawable(getData()) ? render(getData(), view(), width) : holder.innerHTML))
    : () => {};
  onLangChange(redraw);
  return redraw;
}

/** The embed page's URL for a figure: its region and chart (or compare view), drawn as the reader sees it now. */
export function embedUrl(embedPath: string, view: ChartView): URL {
  const src = new URL(embedPath, location.href);
  const target = decodeView(src.searchParams);
  src.search = encodeView({
    region: target.region,
    chart: target.chart,
    items: target.items,
    metric: target.metric,
    type: view.type,
    years: view.years,
    lang: pageLang(),
  }).toString();
  return src;
}

const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7);

/** Every prerendered chart on the page, and its "cite this" box. */
export function setupPageCharts() {
  setupCites();
  for (const fig of document.querySelectorAll<HTMLElement>('figure[data-chart]')) {
    const json = fig.querySelector('script.chart-data')?.textContent;
    if (!json) continue;
    const data = JSON.parse(json) as ChartData;
    // Drawn again at once, at the width it is shown at and in the reader's view and language.
    setupChart(fig, () => data);
  }
}
