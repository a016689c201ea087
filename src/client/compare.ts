/**
 * The compare page: pick bodies and regions (pinyin search), a metric and years; chart and table. Figures come
 * from the static files the site already has — a region's series file, a body's shard — so the first
 * chart needs no database engine, whatever the size of the national data. The whole view lives in the URL
 * through the view-state codec.
 */
import { chartSentence, worthDrawing } from '../domain/chart-sentence';
import type { ChartData } from '../domain/charts';
import { PUBLISHER, yearSpan } from '../domain/citation';
import { escapeHtml as esc, formatValue } from '../domain/format';
import { isThin, rateBasis } from '../domain/interval';
import { metricById } from '../domain/metrics';
import type { SearchItem } from '../domain/search';
import { decodeView, encodeView, viewHref, type ChartType, type YearRange } from '../domain/view-state';
import { msg, renderMessageHtml } from '../domain/messages';
import { tHtml } from '../render/bilingual';
import { setupChart } from './chart-tools';
import { refreshCite } from './cite';
import { compareData } from './compare-data';
import { onLangChange, pageLang } from './lang';
import { latestOnly } from './latest';

type Item = SearchItem;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export function setupCompare() {
  const root = $('compare');
  const base = root.dataset.base!;
  const initial = decodeView(location.search);
  const { searchFor, regionIndex, chartOf, itemsOf } = compareData(base);
  const chosen: Item[] = [];
  const metricSel = $<HTMLSelectElement>('cmp-metric');
  const typeSel = $<HTMLSelectElement>('cmp-type');
  const from = $<HTMLInputElement>('cmp-from');
  const to = $<HTMLInputElement>('cmp-to');
  metricSel.value = initial.metric ?? 'requests_new';
  typeSel.value = initial.type ?? 'line';
  if (initial.years?.from) from.value = String(initial.years.from);
  if (initial.years?.to) to.value = String(initial.years.to);
  let data: ChartData = { id: 'compare', zh: '', en: '', type: 'line', rate: false, series: [] };
  const fig = root.querySelector<HTMLElement>('figure[data-chart]')!;
  const chartType = () => typeSel.value as ChartType;
  // The inputs read through the codec, so a year typed here is checked exactly as one in a link.
  const years = (): YearRange | undefined => decodeView(`years=${from.value}-${to.value}`).years;
  const view = () => ({ type: chartType(), years: years() });
  const redraw = setupChart(fig, () => data, view, worthDrawing);

  const saveUrl = () => {
    const u = new URL(location.href);
    u.search = encodeView({
      items: chosen,
      metric: metricSel.value,
      type: chartType(),
      years: years(),
      lang: pageLang(),
    }).toString();
    history.replaceState(null, '', u);
  };

  const drawChosen = () => {
    $('cmp-chosen').innerHTML = chosen
      .map(
        (c, i) =>
          `<li class="flex items-center rounded-full border bg-white pl-3 text-sm">${esc(c.name)} <span class="ml-1 text-stone-600">${esc(c.sub)}</span> <button type="button" class="tap rounded-full px-2" data-remove="${i}" aria-label="移除 remove ${esc(c.name)}">×</button></li>`,
      )
      .join('');
  };

  let generation = 0;
  const update = async () => {
    saveUrl();
    drawChosen();
    const m = metricById(metricSel.value)!;
    const en = pageLang() === 'en';
    $('cmp-title').textContent = `${en ? m.en : m.zh}`;
    if (!chosen.length) {
      data = { ...data, series: [] };
      fig.querySelector('.chart-svg')!.innerHTML = '';
      $('cmp-table').innerHTML = '';
      $('cmp-cite').hidden = true;
      $('cmp-status').textContent = en ? 'Add a body or region to compare.' : '请添加要比较的机关或地区。';
      return;
    }
    const gen = ++generation;
    $('cmp-status').textContent = en ? 'Querying…' : '正在查询…';
    // The embed button offers this very view: its items and metric, with the type and years added by chart-tools.
    fig.dataset.embed = viewHref(`${base}embed/`, { items: chosen, metric: m.id });
    let next: ChartData;
    try {
      next = await chartOf(chosen, m.id, chartType(), years());
    } catch (e) {
      const m = msg('ui.load_failed', { detail: (e as Error).message });
      if (gen === generation) $('cmp-status').innerHTML = tHtml(renderMessageHtml(m, 'zh'), renderMessageHtml(m, 'en'));
      return;
    }
    if (gen !== generation) return;
    data = next;
    const cite = $('cmp-cite');
    cite.hidden = false;
    cite.dataset.cite = JSON.stringify({
      title: `${m.zh}：${chosen.map((c) => c.name).join('、')}`,
      body: PUBLISHER,
      years: yearSpan(data.series.flatMap((s) => s.points.filter((p) => p.value !== null).map((p) => p.year))),
      path: location.href,
    });
    refreshCite(cite);
    const series = data.series;
    // A single year or only zeros is said in a sentence rather than drawn as a lone dot on empty axes.
    const sentence = worthDrawing(data) ? null : chartSentence(data, m.id);
    if (sentence)
      fig.querySelector('.chart-svg')!.innerHTML =
        `<p class="chart-sentence text-stone-700" data-testid="chart-sentence">${esc(en ? sentence.en : sentence.zh)}</p>`;
    else redraw();
    const allYears = [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort();
    $('cmp-table').innerHTML =
      `<table class="report sticky-first" data-testid="compare-table"><thead><tr><th scope="col">${en ? 'Year' : '年度'}</th>${series.map((s) => `<th scope="col">${esc(s.zh)}</th>`).join('')}</tr></thead><tbody>${allYears
        .map(
          (y) =>
            `<tr><th scope="row">${y}</th>${series
              .map((s) => {
                const p = s.points.find((q) => q.year === y);
                const basis = m.rate ? rateBasis(p?.value ?? null, p?.n) : null;
                const note = basis?.zh
                  ? `<span class="basis block text-xs text-stone-600">${esc(en ? basis.en : basis.zh)}</span>`
                  : '';
                return `<td class="num${p?.flagged ? ' flagged' : ''}${p?.value == null ? ' blank' : ''}${m.rate && isThin(p?.n) ? ' thin' : ''}" data-series="${esc(s.id)}" data-year="${y}">${formatValue(p?.value ?? null, !!m.rate)}${note}</td>`;
              })
              .join('')}</tr>`,
        )
        .join('')}</tbody></table>`;
    $('cmp-status').textContent = '';
  };

  const search = $<HTMLInputElement>('cmp-search');
  const options = $<HTMLUListElement>('cmp-options');
  let shown: Item[] = [];
  search.addEventListener('focus', () => void regionIndex());
  const showOptions = (items: Item[]) => {
    shown = items;
    options.innerHTML = items
      .map(
        (i, k) =>
          `<li role="option" tabindex="-1" id="opt-${k}" data-kind="${i.kind}" data-id="${esc(i.id)}" class="cursor-pointer px-2 py-1 hover:bg-stone-100">${esc(i.name)} <span class="text-xs text-stone-500">${i.kind === 'r' ? '地区 region' : '机关 body'} · ${esc(i.sub)}</span></li>`,
      )
      .join('');
    options.hidden = items.length === 0;
    search.setAttribute('aria-expanded', String(!options.hidden));
  };
  const lookUp = latestOnly(searchFor, showOptions);
  search.addEventListener('input', () => void lookUp(search.value));
  const pick = (el: HTMLElement | null) => {
    if (!el) return;
    const item = shown.find((i) => i.kind === el.dataset.kind && i.id === el.dataset.id);
    if (item && !chosen.some((c) => c.kind === item.kind && c.id === item.id)) chosen.push(item);
    options.hidden = true;
    search.value = '';
    search.setAttribute('aria-expanded', 'false');
    // The chosen option disappears with its list: the keyboard goes back to the search box, ready for the next.
    search.focus();
    void update();
  };
  options.addEventListener('click', (e) => pick((e.target as HTMLElement).closest('li')));
  search.addEventListener('keydown', (e) => {
    const opts = [...options.querySelectorAll<HTMLElement>('li')];
    if (e.key === 'ArrowDown' && opts.length) {
      e.preventDefault();
      opts[0].focus();
    } else if (e.key === 'Enter' && opts.length) {
      e.preventDefault();
      pick(opts[0]);
    }
  });
  options.addEventListener('keydown', (e) => {
    const el = document.activeElement as HTMLElement;
    if (e.key === 'ArrowDown') (el.nextElementSibling as HTMLElement | null)?.focus();
    else if (e.key === 'ArrowUp') ((el.previousElementSibling as HTMLElement | null) ?? search).focus();
    else if (e.key === 'Enter') pick(el);
    else if (e.key === 'Escape') search.focus();
    e.preventDefault();
  });
  $('cmp-chosen').addEventListener('click', (e) => {
    const i = (e.target as HTMLElement).dataset.remove;
    if (i !== undefined) {
      chosen.splice(Number(i), 1);
      void update();
      // The list is drawn anew: keep the keyboard on the next remove button, or the search box when none is left.
      ($('cmp-chosen').querySelectorAll<HTMLElement>('button[data-remove]')[Number(i)] ?? search).focus();
    }
  });
  for (const el of [metricSel, typeSel, from, to]) el.addEventListener('change', () => void update());
  onLangChange(() => void update());

  (async () => {
    chosen.push(...(await itemsOf(initial.items ?? [])));
    await update();
  })();
}
