/**
 * Where a report came from, under every report: its address, when it was fetched and the hash of the bytes read;
 * for a collected report, whether the site took it down and — "此报告发布后被修改" — every number it changed after
 * publication, before and after. The same HTML on report pages and body pages.
 */
import { cellLabel } from '../domain/dataset';
import { escapeHtml, formatValue } from '../domain/format';
import type { Revision } from '../domain/shard';
import { t } from './bilingual';

export interface SourceFacts {
  file: string;
  sha256: string;
  source_url: string | null;
  fetched_at?: string | null;
  revised?: boolean | null;
  removed?: boolean | null;
  revisions: Revision[];
}

const shown = (v: number | null) => (v === null ? '—' : escapeHtml(formatValue(v)));

export function reportSourceHtml(r: SourceFacts): string {
  const where = r.source_url
    ? `<a class="underline" href="${escapeHtml(r.source_url)}" rel="nofollow noopener noreferrer">${escapeHtml(r.source_url)}</a>`
    : escapeHtml(r.file);
  const revisions = r.revisions.length
    ? '<table class="report"><thead><tr>' +
      [
        ['单元格', 'Cell'],
        ['原数字', 'Before'],
        ['新数字', 'After'],
        ['原版本首次抓取', 'Before first fetched'],
        ['发现修改', 'Change first fetched'],
      ]
        .map(([zh, en]) => `<th scope="col">${t(zh, en)}</th>`)
        .join('') +
      '</tr></thead><tbody>' +
      r.revisions
        .map((v) => {
          const label = cellLabel(v.cell);
          return `<tr><th scope="row" class="text-left">${t(label.zh, label.en)}</th><td class="num">${shown(v.old_value)}</td><td class="num">${shown(v.new_value)}</td><td>${escapeHtml(v.first_seen)}</td><td>${escapeHtml(v.changed_seen)}</td></tr>`;
        })
        .join('') +
      '</tbody></table>'
    : '';
  return (
    '<div class="report-source mb-3 text-xs text-stone-600 break-all"><p>' +
    `${t('来源', 'Source')}: ${where}` +
    (r.fetched_at ? ` · ${t('抓取于', 'fetched')} ${escapeHtml(r.fetched_at)}` : '') +
    ` · SHA-256 ${escapeHtml(r.sha256)}</p>` +
    (r.removed
      ? `<p class="font-semibold text-amber-800">${t('此报告已从原网站撤下（数据保留）', 'This report is gone from its site (the data is kept)')}</p>`
      : '') +
    (r.revised
      ? '<div class="revisions mt-1 text-sm text-stone-800"><p class="font-semibold text-amber-800">' +
        t('此报告发布后被修改', 'This report was changed after publication') +
        (r.revisions.length ? '' : ` (${t('表格数字未变', 'no number in its tables changed')})`) +
        `</p>${revisions}</div>`
      : '') +
    '</div>'
  );
}
