/**
 * The explore page: a query builder (its query runs with bound values and is shown as readable SQL), a
 * read-only SQL box for the reader's own queries, results as a table and CSV. The view lives in the URL
 * through the view-state codec.
 */
import Papa from 'papaparse';
import { escapeHtml as esc } from '../domain/format';
import { displaySql, exploreQuery, type BoundQuery } from '../domain/queries';
import { decodeView, encodeView, type ReportStatus, type ViewState } from '../domain/view-state';
import { msg, renderMessageHtml, type Message } from '../domain/messages';
import { tHtml } from '../render/bilingual';
import { MixedBuildError, readOnly, run, type QueryResult } from './engine';
import { pageLang } from './lang';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A message in both languages: the language switch shows the reader's. */
const say = (el: HTMLElement, m: Message) =>
  (el.innerHTML = tHtml(renderMessageHtml(m, 'zh'), renderMessageHtml(m, 'en')));

const cellText = (v: unknown): string => (v === null ? '' : Array.isArray(v) ? v.join(' | ') : String(v));

function resultTable(result: QueryResult): string {
  const head = result.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('');
  const rows = result.rows
    .slice(0, 1000)
    .map((r) => {
      const cells = result.columns.map((c) => {
        const v = r[c];
        return `<td class="${typeof v === 'number' ? 'num' : ''}${v === null ? ' blank' : ''}" data-col="${esc(c)}">${esc(cellText(v))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  const more = result.rows.length > 1000 ? '<p>(first 1,000 rows shown; CSV has all)</p>' : '';
  return `<table class="report" data-testid="explore-result"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${more}`;
}

export function setupExplore() {
  const root = $('explore');
  const source = { base: root.dataset.base!, parts: (root.dataset.parts ?? '').split(' ').filter(Boolean) };
  const initial = decodeView(location.search);
  const metric = $<HTMLSelectElement>('ex-metric');
  const group = $<HTMLSelectElement>('ex-group');
  const province = $<HTMLSelectElement>('ex-province');
  const from = $<HTMLInputElement>('ex-from');
  const to = $<HTMLInputElement>('ex-to');
  const status = $<HTMLSelectElement>('ex-status');
  const primary = $<HTMLInputElement>('ex-primary');
  const sqlBox = $<HTMLTextAreaElement>('ex-sql');
  if (initial.metric) metric.value = initial.metric;
  if (initial.group) group.value = initial.group;
  if (initial.province) province.value = initial.province;
  if (initial.years?.from) from.value = String(initial.years.from);
  if (initial.years?.to) to.value = String(initial.years.to);
  if (initial.status) status.value = initial.status;
  if (initial.primary === false) primary.checked = false;

  const filters = (): ViewState => ({
    lang: pageLang(),
    metric: metric.value || undefined,
    group: group.value || undefined,
    province: province.value || undefined,
    // Read through the codec, so a typed year is checked exactly as one in a link.
    years: decodeView(`years=${from.value}-${to.value}`).years,
    status: (status.value || undefined) as ReportStatus | undefined,
    primary: primary.checked ? undefined : false,
  });
  const built = (): BoundQuery => exploreQuery(filters());
  sqlBox.value = initial.sql ?? displaySql(built());
  let last: QueryResult | null = null;

  const saveUrl = (customSql: string | null) => {
    const u = new URL(location.href);
    u.search = encodeView({ ...filters(), sql: customSql ?? undefined }).toString();
    history.replaceState(null, '', u);
  };

  /** Runs the builder's query with bound values, or, when the reader wrote their own, that SQL after the guard. */
  const execute = async (query: BoundQuery | string) => {
    const line = $('ex-status-line');
    // A reader's own query is theirs, not Gongkai's figures: its result says so, whoever sent the link.
    $('ex-own').hidden = typeof query !== 'string';
    lastQuery = query;
    if (typeof query === 'string') {
      const problem = readOnly(query);
      if (problem) {
        say(line, problem);
        return;
      }
    }
    line.textContent = pageLang() === 'en' ? 'Loading the engine and querying…' : '正在载入查询引擎并查询…';
    try {
      last = typeof query === 'string' ? await run(source, query) : await run(source, query.sql, query.params);
      line.textContent = `${last.rows.length} 行 rows · ${last.ms.toFixed(0)} ms`;
      $('ex-result').innerHTML = resultTable(last);
      $<HTMLButtonElement>('ex-csv').disabled = false;
    } catch (e) {
      say(line, e instanceof MixedBuildError ? e.problem : msg('ui.query_failed', { detail: (e as Error).message }));
    }
  };
  /** The SQL box as it stands: the builder's own query while untouched, the reader's text once edited. */
  const current = (): BoundQuery | string => {
    const q = built();
    return sqlBox.value.trim() === displaySql(q).trim() ? q : sqlBox.value;
  };

  for (const el of [metric, group, province, from, to, status, primary])
    el.addEventListener('change', () => {
      const q = built();
      sqlBox.value = displaySql(q);
      saveUrl(null);
      void execute(q);
    });
  $('ex-run').addEventListener('click', () => {
    const q = current();
    saveUrl(typeof q === 'string' ? q : null);
    void execute(q);
  });
  sqlBox.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') $('ex-run').click();
  });
  let lastQuery: BoundQuery | string | null = null;
  $('ex-csv').addEventListener('click', () => {
    if (!last) return;
    const result = last;
    const csv = Papa.unparse({
      fields: result.columns,
      data: result.rows.map((r) => result.columns.map((c) => (Array.isArray(r[c]) ? cellText(r[c]) : r[c]))),
    });
    // A reader's own query travels with its label and its SQL ('#' lines, which CSV readers can skip as comments).
    const own = typeof lastQuery === 'string';
    const head = own
      ? `# 自定义查询结果 · 非 Gongkai 汇总 / custom query, not a Gongkai figure\n# SQL: ${String(lastQuery).replace(/\s+/g, ' ')}\n`
      : '';
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob(['\ufeff' + head + csv], { type: 'text/csv' }));
    a.download = own ? 'gongkai-custom-query.csv' : 'gongkai-query.csv';
    a.click();
  });
  // Explore loads the engine only when asked. A link with filters runs the builder's query at once; a link with
  // its own SQL only fills the box: nothing a stranger wrote runs until the reader has read it and pressed Run.
  const params = new URLSearchParams(location.search);
  if (initial.sql) {
    $('ex-status-line').textContent =
      pageLang() === 'en'
        ? 'This link carries its own query: read it, then press Run.'
        : '此链接附带自拟查询：请先阅读，再点“运行”。';
  } else if ([...params.keys()].some((k) => k !== 'lang')) void execute(current());
}
