/**
 * A body page's full content, drawn from its shard: a chart of its requests, then every report's tables,
 * checks and problems (the same HTML report pages prerender), and each report's text fetched when a reader
 * opens it or follows a number to its line. A missing or broken shard leaves the prerendered key figures and
 * says what happened.
 */
import { chartSentence, worthDrawing } from '../domain/chart-sentence';
import { STANDARD_CHARTS, placeChart, type ChartData } from '../domain/charts';
import { escapeHtml } from '../domain/format';
import { metricById } from '../domain/metrics';
import { shardCells, shardChecks, type BodyShard, type ShardReport } from '../domain/shard';
import { msg, renderMessage, renderMessageHtml, type Message } from '../domain/messages';
import { t, tHtml } from '../render/bilingual';
import { bodyCite, publicationTableHtml } from '../render/body';
import { citeHtml } from '../render/cite';
import { reportTablesHtml } from '../render/report';
import { reportSourceHtml } from '../render/source';
import { drawInto, render } from './chart-tools';
import { refreshCite, setupCites } from './cite';
import { fetchPacked } from './fetch-json';
import { SHARD_DICTIONARY, TEXTS_DICTIONARY } from '../domain/preset-dictionaries';
import { onLangChange } from './lang';

/** A message in both languages: the language switch shows the reader's. */
const both = (m: Message) => tHtml(renderMessageHtml(m, 'zh'), renderMessageHtml(m, 'en'));

function reportHeader(r: ShardReport): string {
  const facts: [string, string, string | null][] = [
    ['发布日期', 'Published', r.published_on],
    ['落款日期', 'Signed', r.signed_on],
    ['索引号', 'Index no.', r.index_no],
    ['发布机构', 'Publisher', r.publisher],
  ];
  return (
    `<h2 class="mt-6 border-t border-stone-300 pt-3 text-xl font-semibold">${r.year ?? '—'} · ${escapeHtml(r.title ?? r.file)}</h2>` +
    `<p class="text-xs text-stone-500 break-all">${t('文件', 'File')}: ${escapeHtml(r.file)} (${escapeHtml(r.format ?? '')})` +
    facts
      .filter(([, , v]) => v)
      .map(([zh, en, v]) => ` · ${t(zh, en)}: ${escapeHtml(v!)}`)
      .join('') +
    (r.is_primary ? '' : ` · ${t('非主报告（不计入汇总）', 'not the primary copy (not counted)')}`) +
    '</p>' +
    reportSourceHtml(r)
  );
}

function reportHtml(r: ShardReport): string {
  return (
    `<article class="mb-8" id="report-${escapeHtml(r.report_id)}" data-report="${escapeHtml(r.report_id)}">` +
    reportHeader(r) +
    reportTablesHtml({
      report_id: r.report_id,
      template: r.template,
      cells: shardCells(r),
      checks: shardChecks(r),
      messages: r.messages,
    }) +
    `<section class="text-sm"><details class="source-text" data-text="${escapeHtml(r.report_id)}"><summary class="cursor-pointer font-semibold">${t('报告原文（按行编号）', 'Report text (numbered lines)')}</summary>` +
    '<pre tabindex="0" class="source mt-1 max-h-[32rem] overflow-auto rounded border border-stone-200 bg-white p-2"></pre></details></section></article>'
  );
}

function requestsChart(shard: BodyShard): ChartData {
  const spec = STANDARD_CHARTS[0];
  return {
    ...placeChart(spec, { zh: shard.name, en: shard.name }, shard.metrics),
    ...peerBand(shard, spec.metrics[0]),
  };
}

/** The band of the body's peers for one figure, labelled with who they are; nothing when it has none. */
function peerBand(shard: BodyShard, metricId: string): Pick<ChartData, 'band'> {
  const points = shard.peers?.metrics[metricId];
  if (!points?.length) return {};
  const m = metricById(metricId)!;
  return {
    band: {
      zh: `同省同级同类机关${m.zh}：中位数（虚线）与四分位区间`,
      en: `${m.en} of peers (same level and kind, same province): median (dashed) and interquartile range`,
      points,
    },
  };
}

export async function setupBody(root: HTMLElement): Promise<void> {
  const loading = root.querySelector('[data-loading]');
  let shard: BodyShard;
  try {
    shard = await fetchPacked<BodyShard>(root.dataset.shard!, SHARD_DICTIONARY);
    if (!Array.isArray(shard.reports)) throw new Error(renderMessage(msg('ui.shard_invalid'), 'en'));
  } catch (e) {
    const m = msg('ui.shard_failed', { detail: (e as Error).message });
    root.innerHTML = `<p class="rounded border border-amber-300 bg-amber-50 p-2 text-sm" role="alert" data-testid="shard-error">${both(m)}</p>`;
    return;
  }
  loading?.remove();
  root.insertAdjacentHTML('beforebegin', citeHtml(bodyCite(shard), null));
  refreshCite(root.previousElementSibling as HTMLElement);
  document.getElementById('publications')?.insertAdjacentHTML('beforeend', publicationTableHtml(shard.publications));
  const chart = requestsChart(shard);
  const hasSeries = chart.series.some((s) => s.points.some((p) => p.value !== null));
  const figure = document.createElement('figure');
  figure.className = 'chart mb-6 rounded border border-stone-200 bg-white p-3';
  figure.dataset.chart = chart.id;
  // A body that reported one year, or only zeros, gets its numbers in a sentence rather than empty axes.
  const sentence = worthDrawing(chart) ? null : chartSentence(chart);
  if (hasSeries && sentence) {
    figure.innerHTML = `<p class="chart-sentence text-stone-700" data-testid="chart-sentence">${t(sentence.zh, sentence.en)}</p>`;
    root.append(figure);
  } else if (hasSeries) {
    figure.innerHTML = '<div class="chart-svg"></div>';
    root.append(figure);
    onLangChange(drawInto(figure.querySelector<HTMLElement>('.chart-svg')!, (width) => render(chart, {}, width)));
  }
  const primaries = shard.reports.filter((r) => r.is_primary);
  root.insertAdjacentHTML('beforeend', primaries.map(reportHtml).join(''));

  // Every report's text of the body in one file, fetched the first time a reader opens one.
  let texts: Promise<Record<string, string>> | undefined;
  const loadText = async (details: HTMLDetailsElement) => {
    const pre = details.querySelector('pre')!;
    if (pre.dataset.loaded) return;
    pre.dataset.loaded = '1';
    const id = details.dataset.text!;
    try {
      if (!root.dataset.texts) throw new Error(renderMessage(msg('ui.texts_absent'), 'en'));
      texts ??= fetchPacked<Record<string, string>>(root.dataset.texts, TEXTS_DICTIONARY);
      const text = (await texts)[id];
      if (text === undefined) throw new Error(renderMessage(msg('ui.texts_absent'), 'en'));
      const lines = text.split('\n');
      pre.innerHTML = lines
        .map(
          (l, i) =>
            `<span class="ln" id="src-${escapeHtml(id)}-L${i + 1}" data-n="${i + 1}">${escapeHtml(l) || ' '}</span>`,
        )
        .join('');
    } catch (e) {
      texts = undefined; // a failed fetch is tried again when the reader opens another text
      pre.innerHTML = both(msg('ui.text_failed', { detail: (e as Error).message }));
    }
  };
  root.addEventListener(
    'toggle',
    (e) => {
      const d = e.target as HTMLDetailsElement;
      if (d.matches?.('details.source-text') && d.open) void loadText(d);
    },
    true,
  );
  // A number links to its source line: open that report's text, then go to the line.
  const reveal = async () => {
    const m = decodeURIComponent(location.hash.slice(1)).match(/^src-(.+)-L\d+$/);
    if (!m) return;
    const details = root.querySelector<HTMLDetailsElement>(`details[data-text="${CSS.escape(m[1])}"]`);
    if (!details) return;
    details.open = true;
    await loadText(details);
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView({ block: 'center' });
  };
  window.addEventListener('hashchange', () => void reveal());
  void reveal();
  if (/^#report-/.test(location.hash)) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

setupCites();
const root = document.getElementById('body-detail');
if (root) void setupBody(root);
