/**
 * One report's tables as HTML, laid out like the original: every number linked to its line in the source text,
 * its state and identity flag on the cell, then the identity checks (✓/✗ in words, not colour alone) and the
 * problems. The same string at build time (report pages) and in the browser (body pages, from their shard), so
 * the two never drift. Every value from a report goes through `escapeHtml`.
 */
import { CELL_STATES, type CellState } from '../domain/cells';
import { escapeHtml, formatValue } from '../domain/format';
import {
  TEMPLATES,
  T3_COLUMNS,
  T4_COLUMNS,
  cellKey,
  columnsOf,
  identitiesOf,
  type TableSpec,
  type TemplateId,
} from '../domain/template';
import { checkDetailMessage, identityLabel, renderMessageHtml, type Message } from '../domain/messages';
import { t, tHtml } from './bilingual';

export interface RenderedCell {
  value: number | null;
  state: CellState;
  source_line: number | null;
}

export interface ReportTables {
  report_id: string;
  template: string | null;
  cells: Map<string, RenderedCell>;
  checks: { check_id: string; ok: boolean; detail: string }[];
  /** What a reader should know, as codes with parameters (src/domain/messages.ts), shown in the page's language. */
  messages: Message[];
}

const STATE_LABEL = new Map(CELL_STATES.map((s) => [s.state, s]));
const attr = (name: string, value: string | number | null | undefined) =>
  value === null || value === undefined ? '' : ` ${name}="${escapeHtml(String(value))}"`;

export function reportTablesHtml(r: ReportTables): string {
  const template = (r.template ?? '2021') as TemplateId;
  const tpl = TEMPLATES[template];
  const failedKeys = new Set<string>();
  const idsById = new Map(identitiesOf(template).map((i) => [i.id, [...i.left, ...i.right]]));
  for (const c of r.checks) if (!c.ok) for (const k of idsById.get(c.check_id) ?? []) failedKeys.add(k);
  const has = (table: string) => [...r.cells.keys()].some((k) => k.startsWith(`${table}.`));

  // A plain number needs no tooltip; a blank, inferred, ambiguous or failing one says why (kept short: a body
  // holds ~200 cells a year).
  const title = (key: string): string | null => {
    const c = r.cells.get(key);
    if (!c) return '无此单元格 / not in report';
    const s = STATE_LABEL.get(c.state);
    const flag = failedKeys.has(key) ? '勾稽关系不成立 / fails an identity' : '';
    if (c.state === 'read' && !flag) return null;
    return [c.state === 'read' ? '' : `${s?.zh ?? c.state} / ${s?.en ?? c.state}`, flag].filter(Boolean).join(' · ');
  };
  const cell = (key: string, label = ''): string => {
    const c = r.cells.get(key);
    const classes = ['num', failedKeys.has(key) ? 'flagged' : '', !c || c.value === null ? 'blank' : '']
      .filter(Boolean)
      .join(' ');
    const value =
      c && c.value !== null
        ? `<a${attr('href', c.source_line ? `#src-${r.report_id}-L${c.source_line}` : null)}${attr('data-line', c.source_line)}>${escapeHtml(formatValue(c.value))}</a>`
        : '';
    return `<td class="${classes}"${attr('title', title(key))}${attr('data-key', key)}>${label}${value}</td>`;
  };
  const heading = (n: string, table: TableSpec, no: number) =>
    `<h3 class="font-semibold">${t(`${n}、${table.zh}`, `Table ${no}: ${table.en}`)}</h3>`;
  const section = (body: string) => `<section class="scroll-box mb-4">${body}</section>`;
  const out: string[] = [];

  if (has('t2'))
    out.push(
      section(
        heading('二', tpl.t2, 2) +
          '<table class="report sticky-first"><tbody>' +
          tpl.t2.rows
            .map(
              (row) =>
                `<tr><th scope="row" class="text-left">${t(row.zh, row.en)}</th>` +
                columnsOf(tpl.t2, row)
                  .map((col) =>
                    cell(
                      cellKey(tpl.t2, row, col),
                      `<span class="block text-[10px] text-stone-500">${t(col.zh, col.en)}</span>`,
                    ),
                  )
                  .join('') +
                '</tr>',
            )
            .join('') +
          '</tbody></table>',
      ),
    );

  if (has('t3'))
    out.push(
      section(
        heading('三', tpl.t3, 3) +
          '<table class="report sticky-first"><thead><tr><th rowspan="2" scope="col"></th>' +
          `<th rowspan="2" scope="col">${t('自然人', 'Natural persons')}</th>` +
          `<th colspan="5" scope="colgroup">${t('法人或其他组织', 'Legal persons and organisations')}</th>` +
          `<th rowspan="2" scope="col">${t('总计', 'Total')}</th></tr><tr>` +
          T3_COLUMNS.slice(1, 6)
            .map((c) => `<th scope="col">${t(c.zh, c.en)}</th>`)
            .join('') +
          '</tr></thead><tbody>' +
          tpl.t3.rows
            .map(
              (row) =>
                `<tr><th scope="row" class="text-left">${t(row.zh, row.en)}</th>` +
                T3_COLUMNS.map((col) => cell(`t3.${row.key}.${col.key}`)).join('') +
                '</tr>',
            )
            .join('') +
          '</tbody></table>',
      ),
    );

  if (has('t4'))
    out.push(
      section(
        heading('四', tpl.t4, 4) +
          '<table class="report"><thead><tr>' +
          `<th colspan="5" scope="colgroup">${t('行政复议', 'Administrative review')}</th>` +
          `<th colspan="10" scope="colgroup">${t('行政诉讼', 'Litigation')}</th></tr>` +
          '<tr><th colspan="5"></th>' +
          `<th colspan="5" scope="colgroup">${t('未经复议直接起诉', 'Filed directly')}</th>` +
          `<th colspan="5" scope="colgroup">${t('复议后起诉', 'After review')}</th></tr><tr>` +
          [0, 1, 2].flatMap(() => T4_COLUMNS.map((c) => `<th scope="col">${t(c.zh, c.en)}</th>`)).join('') +
          '</tr></thead><tbody><tr>' +
          tpl.t4.rows.flatMap((g) => T4_COLUMNS.map((col) => cell(`t4.${g.key}.${col.key}`))).join('') +
          '</tr></tbody></table>',
      ),
    );

  const held = r.checks.filter((c) => c.ok).length;
  out.push(
    '<section class="mb-4 text-sm"><h3 class="font-semibold">' +
      t(`勾稽关系检验（${held}/${r.checks.length} 成立）`, `Identity checks (${held} of ${r.checks.length} hold)`) +
      '</h3>' +
      (r.checks.length
        ? `<details${r.checks.some((c) => !c.ok) ? ' open' : ''}><summary class="cursor-pointer">${t('逐条查看', 'Show each')}</summary><ul class="font-mono text-xs">` +
          r.checks
            .map((c) => {
              const detail = checkDetailMessage(c.detail);
              return (
                `<li${c.ok ? '' : ' class="text-amber-800 font-bold"'} data-check="${escapeHtml(c.check_id)}">` +
                tHtml(
                  `${c.ok ? '✓ 成立' : '✗ 不成立'} — ${escapeHtml(identityLabel(c.check_id, 'zh'))}：${renderMessageHtml(detail, 'zh')}`,
                  `${c.ok ? '✓ holds' : '✗ FAILS'} — ${escapeHtml(identityLabel(c.check_id, 'en'))}: ${renderMessageHtml(detail, 'en')}`,
                ) +
                '</li>'
              );
            })
            .join('') +
          '</ul></details>'
        : `<p>${t('无可检验的勾稽关系', 'No identity could be tested')}</p>`) +
      '</section>',
  );

  if (r.messages.length)
    out.push(
      `<section class="mb-4 text-sm" data-testid="problems"><h3 class="font-semibold">${t('读者须知', 'What a reader should know')}</h3><ul class="list-disc pl-5">` +
        r.messages
          .map(
            (m) =>
              `<li data-code="${escapeHtml(m.code)}">${tHtml(renderMessageHtml(m, 'zh'), renderMessageHtml(m, 'en'))}</li>`,
          )
          .join('') +
        '</ul></section>',
    );
  return out.join('');
}
