/**
 * A body's page as prerendered HTML: where it sits, its key figures year by year, its publication record, and
 * the place its full tables are drawn into from its shard. Small on purpose (a national site has ~150,000 of
 * them): the tables and charts come from `data/bodies/<id>.json.zlib` when a reader opens the page, the texts from
 * `data/texts/<id>.json.zlib` when they open one.
 */
import { yearSpan } from '../domain/citation';
import { escapeHtml, formatValue } from '../domain/format';
import { statusSign, statusesUsed } from '../domain/report-status';
import type { BodyShard, ShardPublication } from '../domain/shard';
import { t } from './bilingual';
import type { CiteInput } from './cite';

export interface BodyPageContext {
  /** The site's base path, ending in `/`. */
  base: string;
  /** The divisions above the body, province first. */
  crumbs: { code: string; name: string }[];
  /** Whether every report has a page of its own (small sites). */
  reportPages: boolean;
  /** The shard's URL, carrying its content hash so a cache never serves last week's. */
  shardUrl: string;
  /** Its reports' texts in one file (same hash rule); none when the site is built without texts. */
  textsUrl?: string;
  /** The identities each report fails, by report id (checks.parquet): the shard carries none, its page tests them. */
  failedChecks: ReadonlyMap<string, number>;
}

const STATUS: Record<ShardPublication['status'], [string, string]> = {
  published: ['按期发布', 'published on time'],
  late: ['逾期发布', 'published late'],
  published_date_unknown: ['已发布（未载日期）', 'published (date not stated)'],
  not_found: ['未找到', 'not found'],
};
/** The figures a reader scans first, from the shard's metrics (the same numbers compare and the region pages use). */
const KEY_FIGURES: { id: string; zh: string; en: string }[] = [
  { id: 'requests_new', zh: '新收申请', en: 'New requests' },
  { id: 'granted', zh: '予以公开', en: 'Granted' },
  { id: 'review_total', zh: '行政复议', en: 'Reviews' },
  { id: 'suit_total', zh: '行政诉讼', en: 'Lawsuits' },
];
const heads = (labels: [string, string][]) =>
  `<tr>${labels.map(([zh, en]) => `<th scope="col">${t(zh, en)}</th>`).join('')}</tr>`;

/**
 * The publication record as the prerendered page says it: which years have no report and which came late, in a
 * sentence. The year-by-year table (`publicationTableHtml`) is drawn into the section from the shard: 150,000
 * body pages carry ~2 KB less each.
 */
export function publicationRecordHtml(record: ShardPublication[]): string {
  if (!record.length) return '';
  const years = (status: ShardPublication['status']) => record.filter((p) => p.status === status).map((p) => p.year);
  const missing = years('not_found');
  const late = years('late');
  return (
    '<section class="mb-6" id="publications" aria-labelledby="publications-h"><h2 id="publications-h" class="mb-2 text-lg font-semibold">' +
    t('发布记录', 'Publication record') +
    '</h2><p class="mb-2 text-sm" data-testid="publication-summary">' +
    (missing.length
      ? t(`未找到 ${missing.join('、')} 年度的报告。`, `No report found for ${missing.join(', ')}.`)
      : t('每个年度都找到了报告。', 'A report was found for every year.')) +
    (late.length ? ' ' + t(`${late.join('、')} 年度的报告逾期发布。`, `Published late: ${late.join(', ')}.`) : '') +
    '</p></section>'
  );
}

/** The publication record year by year, with the legal deadlines. */
export function publicationTableHtml(record: ShardPublication[]): string {
  if (!record.length) return '';
  return (
    '<p class="mb-2 text-sm">' +
    t(
      '法定期限：部门为次年1月31日前，政府本级为次年3月31日前（《政府信息公开条例》第四十九、五十条）。',
      'Deadlines: 31 January of the following year for a department, 31 March for a government’s own report (Regulations arts. 49–50).',
    ) +
    '</p><div class="scroll-box" tabindex="0"><table class="report sticky-first nowrap-heads text-sm"><thead>' +
    heads([
      ['年度', 'Year'],
      ['状态', 'Status'],
      ['发布日期', 'Published'],
      ['期限', 'Deadline'],
    ]) +
    '</thead><tbody>' +
    record
      .map(
        (p) =>
          `<tr data-status="${p.status}"><td>${p.year}</td><td${p.status === 'late' || p.status === 'not_found' ? ' class="font-bold text-amber-800"' : ''}>` +
          t(...STATUS[p.status]) +
          (p.days_late !== null ? t(`（${p.days_late} 天）`, ` (${p.days_late} days)`) : '') +
          `</td><td>${escapeHtml(p.published_on ?? '—')}</td><td>${escapeHtml(p.deadline)}</td></tr>`,
      )
      .join('') +
    '</tbody></table></div>'
  );
}

/**
 * What a body's "cite this" box cites. The box is drawn with the shard's tables (it is empty without JavaScript
 * anyway), so the 150,000 prerendered pages do not each carry it.
 */
export const bodyCite = (shard: BodyShard): CiteInput => ({
  title: `${shard.name}政府信息公开工作年度报告数据`,
  body: shard.name,
  years: yearSpan(shard.reports.map((r) => r.year).filter((y): y is number => y !== null)),
  path: `agency/${shard.id}/`,
});

/**
 * The legend of the status column, which gives a report's status as a sign: the signs the table uses, in words
 * once rather than in every row, and "!" when a report fails a check.
 */
function statusLegend(shard: BodyShard, ctx: BodyPageContext): string {
  const used = statusesUsed(shard.reports.map((r) => r.status));
  const fails = shard.reports.some((r) => (ctx.failedChecks.get(r.report_id) ?? 0) > 0);
  const items = [
    ...used.map((s) => `${s.sign} ${t(s.zh, s.en)}`),
    ...(fails ? [`<b class="fails">! n</b> ${t('项勾稽不符', 'checks failing')}`] : []),
  ];
  return items.length ? `<p class="figures-legend">${items.join(' · ')}</p>` : '';
}

export function bodyPageHtml(shard: BodyShard, ctx: BodyPageContext): string {
  const { base } = ctx;
  const crumbs =
    `<nav aria-label="breadcrumb" class="crumbs"><a href="${base}">${t('全国', 'China')}</a>` +
    (ctx.crumbs.length
      ? ctx.crumbs.map((c) => ` › <a href="${base}region/${c.code}/">${escapeHtml(c.name)}</a>`).join('')
      : ` › ${t('地区不明', 'region unknown')}`) +
    '</nav>';
  const figure = (id: string, year: number | null) =>
    shard.metrics[id]?.find((p) => p.year === year) ?? { value: null, flagged: undefined };
  const rows = shard.reports
    .map((r) => {
      const link = r.is_primary || !ctx.reportPages ? `#report-${r.report_id}` : `${base}report/${r.report_id}/`;
      const cells = KEY_FIGURES.map(({ id }) => {
        const p = r.is_primary ? figure(id, r.year) : { value: null, flagged: undefined };
        const marks = [p.value === null && 'blank', p.flagged && 'flagged'].filter(Boolean).join(' ');
        return `<td${marks ? ` class="${marks}"` : ''}>${r.is_primary ? escapeHtml(formatValue(p.value)) : ''}</td>`;
      }).join('');
      const checksFailed = ctx.failedChecks.get(r.report_id) ?? 0;
      // The year is the link to its report: a column of file names was 310 bytes a page, 47 MB over a national
      // site's pages, and the report's own section names its file.
      return (
        `<tr><td><a href="${escapeHtml(link)}">${r.year ?? '—'}</a>` +
        (r.is_primary ? '' : ` (${t('副本，不计入', 'copy, not counted')})`) +
        `</td>${cells}<td>${escapeHtml(statusSign(r.status))}` +
        (checksFailed ? ` <b class="fails">! ${checksFailed}</b>` : '') +
        '</td></tr>'
      );
    })
    .join('');
  return (
    crumbs +
    `<h1 class="mb-3 text-2xl font-bold">${escapeHtml(shard.name)}</h1>` +
    '<div class="scroll-box mb-1" tabindex="0"><table class="report figures sticky-first nowrap-heads text-sm" data-testid="body-figures"><thead>' +
    heads([['年度', 'Year'], ...KEY_FIGURES.map((f): [string, string] => [f.zh, f.en]), ['状态', 'Status']]) +
    `</thead><tbody>${rows}</tbody></table></div>` +
    statusLegend(shard, ctx) +
    publicationRecordHtml(shard.publications) +
    `<div id="body-detail" data-shard="${escapeHtml(ctx.shardUrl)}"${ctx.textsUrl ? ` data-texts="${escapeHtml(ctx.textsUrl)}"` : ''}>` +
    `<p class="text-sm text-stone-600" data-loading>${t('正在载入各年度报告的完整表格…', 'Loading each year’s full tables…')}</p>` +
    `<noscript><p class="text-sm">${t('完整表格需要 JavaScript；全部数据可在“数据下载”取得。', 'The full tables need JavaScript; the data page has everything.')}</p></noscript>` +
    '</div>'
  );
}
