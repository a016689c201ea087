/**
 * The figures a compare view draws, from the static files the site already has — the search index, a region's
 * series file, a body's shard — shared by the compare page and its embed.
 */
import { seriesPath, type ChartData, type ChartSeries } from '../domain/charts';
import { metricById } from '../domain/metrics';
import { bodyIndexPath, matches, provinceOf, regionIndexPath, type SearchItem } from '../domain/search';
import { shardPath, type ShardPoint } from '../domain/shard';
import { SEARCH_DICTIONARY, SERIES_DICTIONARY, SHARD_DICTIONARY } from '../domain/preset-dictionaries';
import { fetchPacked } from './fetch-json';
import { inYears, type ChartType, type CompareItem, type YearRange } from '../domain/view-state';

/** Fetched JSON, once per URL for the page's life. */
const cache = new Map<string, Promise<unknown>>();
function json<T>(url: string, dictionary: Uint8Array): Promise<T> {
  if (!cache.has(url))
    cache.set(
      url,
      fetchPacked<T>(url, dictionary).catch((e: Error) => {
        throw new Error(`${url}: ${e.message}`);
      }),
    );
  return cache.get(url) as Promise<T>;
}

export function compareData(base: string) {
  const regionIndex = () => json<SearchItem[]>(`${base}${regionIndexPath}`, SEARCH_DICTIONARY);
  const bodyIndex = (province: string) =>
    json<SearchItem[]>(`${base}${bodyIndexPath(province)}`, SEARCH_DICTIONARY).catch(() => [] as SearchItem[]);
  /** Regions that match, then the bodies of the provinces those regions are in (a few files, not the nation). */
  const searchFor = async (q: string): Promise<SearchItem[]> => {
    const regionsFound = (await regionIndex()).filter((i) => matches(i, q));
    const provinces = [...new Set(regionsFound.map(provinceOf))].slice(0, 3);
    const bodies = (await Promise.all(provinces.map(bodyIndex))).flat().filter((i) => matches(i, q));
    return [...regionsFound.slice(0, 8), ...bodies].slice(0, 20);
  };
  const find = async (kind: string, id: string): Promise<SearchItem | undefined> =>
    (kind === 'r' ? await regionIndex() : await bodyIndex(provinceOf({ kind: 'a', id }))).find(
      (i) => i.kind === kind && i.id === id,
    );
  /** A region's or body's figures for one metric by year. */
  const pointsOf = async (c: SearchItem, metric: string): Promise<ShardPoint[]> => {
    type Metrics = { metrics: Record<string, ShardPoint[]> };
    const file =
      c.kind === 'r'
        ? await json<Metrics>(`${base}${seriesPath(c.id)}`, SERIES_DICTIONARY)
        : await json<Metrics>(`${base}${shardPath(c.id)}`, SHARD_DICTIONARY);
    return file.metrics[metric] ?? [];
  };
  /** The chart of a compare view: one series per item found, in the view's years. */
  const chartOf = async (
    items: SearchItem[],
    metricId: string,
    type: ChartType,
    years: YearRange | undefined,
  ): Promise<ChartData> => {
    const m = metricById(metricId)!;
    const series: ChartSeries[] = [];
    for (const c of items) {
      const points = (await pointsOf(c, m.id)).filter((p) => inYears(years, p.year));
      series.push({ id: `${c.kind}:${c.id}`, zh: c.name, en: c.name, points, breakBefore: m.changedIn });
    }
    return { id: 'compare', zh: m.zh, en: m.en, type, rate: !!m.rate, series };
  };
  /** The items of a view's link that exist (an unknown id is left out, not drawn empty). */
  const itemsOf = async (wanted: CompareItem[]): Promise<SearchItem[]> => {
    const found: SearchItem[] = [];
    for (const w of wanted) {
      const item = await find(w.kind, w.id).catch(() => undefined);
      if (item) found.push(item);
    }
    return found;
  };
  return { searchFor, regionIndex, chartOf, itemsOf };
}
