/** The explore page: a query builder that writes SQL, a read-only SQL box, results as a table and CSV. */
import Papa from 'papaparse';
import { metricById } from '../domain/metrics';
import { escapeHtml as esc } from '../domain/format';
import { readOnly, run, type QueryResult } from './engine';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const GROUPS = new Set(['year', 'province_code', 'city_code', 'county_code', 'agency', 'template', 'status']);

export function builderSql(p: { metric: string; group: string; province?: string; from?: number; to?: number; status?: string; primary: boolean }): string {
  const m = metricById(p.metric) ?? metricById('requests_new')!;
  const group = GROUPS.has(p.group) ? p.group : 'year';
  const where = [p.primary ? 'is_primary' : null, p.province && /^\d{6}$/.test(p.province) ? `province_code = '${p.province}'` : null, p.from ? `year >= ${Number(p.from)}` : null, p.to ? `year <= ${Number(p.to)}` : null, p.status && /^(ok|partial|failed)$/.test(p.status) ? `status = '${p.status}'` : null].filter(Boolean);
  const label = group === 'province_code' || group === 'city_code' || group === 'county_code' ? `, any_value(region_name) FILTER (WHERE region_code = ${group}) AS name` : '';
  return `SELECT ${group}${label}, ${m.sql} AS ${m.id}, count(*) AS reports\nFROM reports${where.length ? `\nWHERE ${where.join(' AND ')}` : ''}\nGROUP BY ${group}\nORDER BY ${group} NULLS LAST`;
}

export function setupExplore() {
  const root = $('explore');
  const base = root.dataset.base!;
  const params = new URLSearchParams(location.search);
  const controls = { metric: $<HTMLSelectElement>('ex-metric'), group: $<HTMLSelectElement>('ex-group'), province: $<HTMLSelectElement>('ex-province'), from: $<HTMLInputElement>('ex-from'), to: $<HTMLInputElement>('ex-to'), status: $<HTMLSelectElement>('ex-status') };
  const primary = $<HTMLInputElement>('ex-primary');
  const sqlBox = $<HTMLTextAreaElement>('ex-sql');
  for (const [k, el] of Object.entries(controls)) if (params.get(k)) el.value = params.get(k)!;
  if (params.get('primary') === '0') primary.checked = false;
  const fromBuilder = () =>
    builderSql({ metric: controls.metric.value, group: controls.group.value, province: controls.province.value, from: Number(controls.from.value) || undefined, to: Number(controls.to.value) || undefined, status: controls.status.value, primary: primary.checked });
  sqlBox.value = params.get('sql') ?? fromBuilder();
  let last: QueryResult | null = null;

  const saveUrl = (custom: boolean) => {
    const u = new URL(location.href);
    for (const [k, el] of Object.entries(controls)) (el.value ? u.searchParams.set(k, el.value) : u.searchParams.delete(k));
    u.searchParams.set('primary', primary.checked ? '1' : '0');
    if (custom) u.searchParams.set('sql', sqlBox.value);
    else u.searchParams.delete('sql');
    history.replaceState(null, '', u);
  };

  const execute = async () => {
    const status = $('ex-status-line');
    const problem = readOnly(sqlBox.value);
    if (problem) {
      status.textContent = `✗ ${problem}`;
      return;
    }
    status.textContent = document.documentElement.classList.contains('en') ? 'Loading the engine and querying…' : '正在载入查询引擎并查询…';
    try {
      last = await run(base, sqlBox.value);
      status.textContent = `${last.rows.length} 行 rows · ${last.ms.toFixed(0)} ms`;
      $('ex-result').innerHTML = `<table class="report" data-testid="explore-result"><thead><tr>${last.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead><tbody>${last.rows
        .slice(0, 1000)
        .map((r) => `<tr>${last!.columns.map((c) => { const v = r[c]; return `<td class="${typeof v === 'number' ? 'num' : ''}${v === null ? ' blank' : ''}" data-col="${esc(c)}">${v === null ? '' : esc(Array.isArray(v) ? v.join(' | ') : String(v))}</td>`; }).join('')}</tr>`)
        .join('')}</tbody></table>${last.rows.length > 1000 ? '<p>(first 1,000 rows shown; CSV has all)</p>' : ''}`;
      $<HTMLButtonElement>('ex-csv').disabled = false;
    } catch (e) {
      status.textContent = `✗ ${(e as Error).message}`;
    }
  };

  for (const el of [...Object.values(controls), primary])
    el.addEventListener('change', () => {
      sqlBox.value = fromBuilder();
      saveUrl(false);
      void execute();
    });
  $('ex-run').addEventListener('click', () => {
    saveUrl(sqlBox.value.trim() !== fromBuilder().trim());
    void execute();
  });
  sqlBox.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') $('ex-run').click();
  });
  $('ex-csv').addEventListener('click', () => {
    if (!last) return;
    const csv = Papa.unparse({ fields: last.columns, data: last.rows.map((r) => last!.columns.map((c) => (Array.isArray(r[c]) ? (r[c] as unknown[]).join(' | ') : r[c]))) });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob(['\ufeff' + csv], { type: 'text/csv' }));
    a.download = 'gongkai-query.csv';
    a.click();
  });
  // Explore loads the engine only when asked: a link with a query (?sql= or filters) runs it at once.
  if ([...params.keys()].length) void execute();
}
