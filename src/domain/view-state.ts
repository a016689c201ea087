/**
 * One typed view state for every view the site has (a region's charts, a body, an embedded chart, a compare
 * view, an explore query) and the single codec between it and URL parameters. Pages, compare, explore, the
 * embed page, embed snippets and share links all go through here, so a parameter means one thing everywhere
 * and a link reproduces what the reader saw.
 */
import { STANDARD_CHARTS } from './charts.js';
import { GROUPABLE_COLUMNS } from './dataset.js';
import { isDivisionCode, levelOf } from './divisions.js';
import { metricById } from './metrics.js';

export type Lang = 'zh' | 'en';
export type ChartType = 'bar' | 'line';
export type ReportStatus = 'ok' | 'partial' | 'failed';

/** Something to compare: a region (GB/T 2260 code) or a reporting body (agency id). */
export interface CompareItem {
  kind: 'r' | 'a';
  id: string;
}

/** An inclusive range of report years; either end may be open. */
export interface YearRange {
  from?: number;
  to?: number;
}

export interface ViewState {
  /** Chinese is the default and is never written into a URL. */
  lang: Lang;
  /** A region code, or `national`. */
  region?: string;
  /** A chart id of STANDARD_CHARTS. */
  chart?: string;
  type?: ChartType;
  years?: YearRange;
  metric?: string;
  items?: CompareItem[];
  /** Explore: the column results are grouped by. */
  group?: string;
  /** Explore: a province code to filter by. */
  province?: string;
  status?: ReportStatus;
  /** Explore: count primary reports only (the default). */
  primary?: boolean;
  /** Explore: the reader's own read-only SQL. */
  sql?: string;
}

const CHART_IDS = new Set(STANDARD_CHARTS.map((c) => c.id));
const STATUSES = new Set<string>(['ok', 'partial', 'failed']);
const YEAR = /^(19|20|21)\d\d$/;
/** A body's registry id: its region's code and a pinyin slug (`320800-renminzhengfu`, `350128-government`). */
const AGENCY_ID = /^\d{6}-[a-z0-9]{1,60}(-[a-z0-9]{1,20})*$/;

const parseYear = (s: string | undefined): number | undefined => (s && YEAR.test(s) ? Number(s) : undefined);

function parseYears(params: URLSearchParams): YearRange | undefined {
  const m = params.get('years')?.match(/^(\d{4})?-(\d{4})?$/);
  // Explore links written before the codec carried `from` and `to` separately.
  const from = parseYear(m?.[1] ?? params.get('from') ?? undefined);
  const to = parseYear(m?.[2] ?? params.get('to') ?? undefined);
  if (from === undefined && to === undefined) return undefined;
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

const parseItem = (s: string): CompareItem | null => {
  const [kind, id] = s.split(':');
  if (kind === 'r' && id && (isDivisionCode(id) || id === 'national')) return { kind, id };
  if (kind === 'a' && id && AGENCY_ID.test(id)) return { kind, id };
  return null;
};

const parseType = (s: string | null): ChartType | undefined => (s === 'bar' || s === 'line' ? s : undefined);

/** URL parameters → view state. Anything unknown or malformed is dropped, never passed on. */
export function decodeView(input: URLSearchParams | string): ViewState {
  const params = typeof input === 'string' ? new URLSearchParams(input) : input;
  const view: ViewState = { lang: params.get('lang') === 'en' ? 'en' : 'zh' };
  const region = params.get('region');
  if (region && (region === 'national' || isDivisionCode(region))) view.region = region;
  // `chart` once carried the chart type on region pages (`?chart=line`) and `chart_type` did on the embed page.
  const chart = params.get('chart');
  if (chart && CHART_IDS.has(chart)) view.chart = chart;
  const type = parseType(params.get('type')) ?? parseType(params.get('chart_type')) ?? parseType(chart);
  if (type) view.type = type;
  const years = parseYears(params);
  if (years) view.years = years;
  const metric = params.get('metric');
  if (metric && metricById(metric)) view.metric = metric;
  const items = (params.get('items') ?? '')
    .split(',')
    .filter(Boolean)
    .map(parseItem)
    .filter((i): i is CompareItem => i !== null);
  if (items.length) view.items = items;
  const group = params.get('group');
  if (group && GROUPABLE_COLUMNS.some((g) => g.column === group)) view.group = group;
  const province = params.get('province');
  if (province && isDivisionCode(province) && levelOf(province) === 'province') view.province = province;
  const status = params.get('status');
  if (status && STATUSES.has(status)) view.status = status as ReportStatus;
  const primary = params.get('primary');
  if (primary === '0' || primary === '1') view.primary = primary === '1';
  const sql = params.get('sql');
  if (sql) view.sql = sql;
  return view;
}

const yearsText = (y: YearRange): string => `${y.from ?? ''}-${y.to ?? ''}`;

/** View state → URL parameters, in one fixed order, defaults left out (the shortest link for the view). */
export function encodeView(view: Partial<ViewState>): URLSearchParams {
  const p = new URLSearchParams();
  if (view.region) p.set('region', view.region);
  if (view.chart) p.set('chart', view.chart);
  if (view.items?.length) p.set('items', view.items.map((i) => `${i.kind}:${i.id}`).join(','));
  if (view.metric) p.set('metric', view.metric);
  if (view.type) p.set('type', view.type);
  if (view.years && (view.years.from !== undefined || view.years.to !== undefined))
    p.set('years', yearsText(view.years));
  if (view.group) p.set('group', view.group);
  if (view.province) p.set('province', view.province);
  if (view.status) p.set('status', view.status);
  if (view.primary !== undefined) p.set('primary', view.primary ? '1' : '0');
  if (view.sql) p.set('sql', view.sql);
  if (view.lang === 'en') p.set('lang', 'en');
  return p;
}

/** A link to `path` (already under the site's base) showing `view`. */
export function viewHref(path: string, view: Partial<ViewState>): string {
  const query = encodeView(view).toString();
  return query ? `${path}?${query}` : path;
}

/** Whether a year falls in the view's range. */
export const inYears = (years: YearRange | undefined, year: number): boolean =>
  !years || ((years.from === undefined || year >= years.from) && (years.to === undefined || year <= years.to));
