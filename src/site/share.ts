/**
 * What a page's share card and citation say: the card's title, key figure and year for the site, a region, a
 * chart of a region and a body, where the card is served, and the data version a citation names.
 */
import type { ChartData } from '../domain/charts.js';
import type { DataVersion } from '../domain/citation.js';
import { formatValue } from '../domain/format.js';
import { metricById } from '../domain/metrics.js';
import type { BodyShard } from '../domain/shard.js';
import type { Card } from './cards.js';
import { publishedSummary, query, type YearRow } from './data.js';
import { cardMode, type CardMode } from './pages.js';
import { permalink } from './paths.js';

export const SITE_TITLE = '公开 Gongkai · 政府信息公开工作年度报告数据';
export const SITE_DESCRIPTION =
  '各级政府机关《政府信息公开工作年度报告》的表格数据：依申请公开、行政复议与诉讼、主动公开，每个数字可追溯到原文。';

/** Where a page's card is, under the site's base. */
export const cardPath = {
  site: 'card/site.png',
  region: (code: string) => `card/region/${code}.png`,
  chart: (code: string, chart: string) => `card/chart/${code}/${chart}.png`,
  body: (id: string) => `card/agency/${id}.png`,
};

/** Bumped when the cards' drawing changes, so every card is drawn again rather than reused. */
export const CARD_DESIGN = '2';

const KEY = 'requests_new';
const key = metricById(KEY)!;

/** The latest year with a value of the key figure (new requests received), if any. */
function latest(points: { year: number; value: number | null }[]) {
  return points.filter((p) => p.value !== null).at(-1);
}
const figureOf = (p: { year: number; value: number | null } | undefined) =>
  p ? { figure: { value: formatValue(p.value, false), label: `件${key.zh}` }, year: `${p.year} 年` } : {};

export function siteCard(national: YearRow[], reports: number): Card {
  const p = latest(national.map((r) => ({ year: r.year, value: r[KEY] ?? null })));
  return {
    kicker: '政府信息公开工作年度报告 · as data',
    title: '政府信息公开年度报告数据',
    ...figureOf(p),
    note: `全国 · 共 ${reports.toLocaleString('en-US')} 份年度报告`,
    url: permalink(''),
  };
}

export function regionCard(name: string, level: string, code: string, rows: YearRow[]): Card {
  const p = latest(rows.map((r) => ({ year: r.year, value: r[KEY] ?? null })));
  const reports = rows.reduce((a, r) => a + (r.reports ?? 0), 0);
  return {
    kicker: '地区 · Region',
    title: name,
    ...figureOf(p),
    note: `${level} · 共 ${reports} 份年度报告`,
    url: permalink(`region/${code}/`),
  };
}

/** A chart's card: its first series' latest value is the key figure; `page` is the page showing the chart. */
export function chartCard(regionName: string, page: string, chart: ChartData): Card {
  const s = chart.series[0];
  const p = s ? latest(s.points) : undefined;
  return {
    kicker: '图表 · Chart',
    title: chart.zh,
    ...(p && s
      ? {
          figure: { value: formatValue(p.value, chart.rate), label: s.zh },
          year: `${p.year} 年`,
        }
      : {}),
    note: regionName,
    url: permalink(`${page}#chart-${chart.id}`),
  };
}

export function bodyCard(shard: BodyShard): Card {
  const p = latest(shard.metrics[KEY] ?? []);
  const years = shard.reports.map((r) => r.year).filter((y): y is number => y !== null);
  return {
    kicker: '机关 · Body',
    title: shard.name,
    ...figureOf(p),
    note: `${shard.region_name ?? ''}${years.length ? ` · ${Math.min(...years)}–${Math.max(...years)} 年度报告` : ''}`,
    url: permalink(`agency/${shard.id}/`),
  };
}

interface Summary {
  build_id?: string;
  parser_version?: string;
  inputs?: number;
}
/** The build summary (every chart of every page asks). */
const summary = (): Summary => publishedSummary() as Summary;

/**
 * The date of the data: SOURCE_DATE_EPOCH when the builder sets it (the reproducible-builds convention), else
 * the newest date the reports carry (published, signed or fetched) — never the clock, so the same inputs give
 * the same pages byte for byte.
 */
export function dataDate(dates: (string | null | undefined)[]): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  const valid = dates.map((d) => d?.slice(0, 10)).filter((d): d is string => !!d && /^\d{4}-\d\d-\d\d$/.test(d));
  return valid.length ? valid.sort().at(-1)! : '0000-00-00';
}

export const parserVersion = (): string => summary().parser_version ?? 'unknown';

/** Which cards this build draws (src/site/pages.ts). */
export const cardsDrawn = (): CardMode => cardMode(summary().inputs ?? 0);

/** A data version as the pages' `gongkai-data-version` meta carries it: `date parser hash`. */
export const versionMeta = (v: DataVersion): string => `${v.date} ${v.parser} ${v.hash}`;

/**
 * The newest report date (published or signed: both read from the file's bytes, so a page keyed by its rows'
 * digest changes exactly when its date does) by region prefix (2, 4 and 6 digits) and `national`.
 */
let datesCache: Promise<Map<string, string>> | null = null;
function regionDates(): Promise<Map<string, string>> {
  datesCache ??= (async () => {
    const dates = new Map<string, string>();
    const rows = await query<{ code: string; d: string | null }>(
      `SELECT coalesce(region_code, '') AS code, max(greatest(coalesce(CAST(published_on AS VARCHAR), ''), coalesce(CAST(signed_on AS VARCHAR), ''))) AS d FROM reports GROUP BY 1`,
    );
    const feed = (key: string, d: string) => {
      if (d > (dates.get(key) ?? '')) dates.set(key, d);
    };
    for (const { code, d } of rows) {
      if (!d) continue;
      feed('national', d);
      if (code.length === 6) for (const n of [2, 4, 6]) feed(code.slice(0, n), d);
    }
    return dates;
  })();
  return datesCache;
}

/** A region page's version (`prefix` as prefixOf gives it, or `national`): its date, the parser, its digest. */
export async function regionVersion(prefix: string, hash: string): Promise<DataVersion> {
  return { date: dataDate([(await regionDates()).get(prefix)]), parser: parserVersion(), hash };
}

/** The whole build's version: its date, the parser and the build id. */
export const siteVersion = (): Promise<DataVersion> => regionVersion('national', summary().build_id ?? 'unknown');

/** A page's share card, its own path and the data version its citations name (paths under the site's base). */
export interface Share {
  card?: string;
  path?: string;
  /** The page's data version, as versionMeta writes it. */
  version?: string;
}
