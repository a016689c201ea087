/**
 * The queries the browser builds (explore's builder) as SQL text with `?` placeholders and
 * the values to bind. Identifiers come only from allow-lists (metrics, the schema's columns); values are never
 * spliced into the text, so no view state, however it was crafted, can change what a query does.
 */
import { columnIdentifier, GROUPABLE_COLUMNS } from './dataset.js';
import { sqlString } from './format.js';
import { metricById, METRICS, type Metric } from './metrics.js';
import type { ReportStatus, YearRange } from './view-state.js';

export type Param = string | number | boolean | null;

export interface BoundQuery {
  sql: string;
  params: Param[];
}

const metricOrDefault = (id: string | undefined): Metric => (id && metricById(id)) || METRICS[0];

function yearConditions(years: YearRange | undefined, where: string[], params: Param[]): void {
  if (years?.from !== undefined) {
    where.push('year >= ?');
    params.push(years.from);
  }
  if (years?.to !== undefined) {
    where.push('year <= ?');
    params.push(years.to);
  }
}

export interface ExploreFilters {
  metric?: string;
  group?: string;
  province?: string;
  years?: YearRange;
  status?: ReportStatus;
  /** Count primary reports only (default true). */
  primary?: boolean;
}

const REGION_GROUPS = new Set(['province_code', 'city_code', 'county_code']);

/** Explore's builder: a metric grouped by one allow-listed column, with optional filters. */
export function exploreQuery(f: ExploreFilters): BoundQuery {
  const m = metricOrDefault(f.metric);
  const group = GROUPABLE_COLUMNS.find((g) => g.column === f.group)?.column ?? 'year';
  const g = columnIdentifier(group);
  const where: string[] = [];
  const params: Param[] = [];
  if (f.primary ?? true) where.push('is_primary');
  if (f.province) {
    where.push('province_code = ?');
    params.push(f.province);
  }
  yearConditions(f.years, where, params);
  if (f.status) {
    where.push('status = ?');
    params.push(f.status);
  }
  const label = REGION_GROUPS.has(group) ? `, any_value(region_name) FILTER (WHERE region_code = ${g}) AS name` : '';
  const sql = `SELECT ${g}${label}, ${m.sql} AS ${m.id}, count(*) AS reports\nFROM reports${where.length ? `\nWHERE ${where.join(' AND ')}` : ''}\nGROUP BY ${g}\nORDER BY ${g} NULLS LAST`;
  return { sql, params };
}

const literal = (v: Param): string => (typeof v === 'string' ? sqlString(v) : v === null ? 'NULL' : String(v));

/** The query as a reader can read, copy and edit it: placeholders written out as SQL literals. */
export function displaySql(q: BoundQuery): string {
  let i = 0;
  return q.sql.replace(/\?/g, () => literal(q.params[i++]));
}
