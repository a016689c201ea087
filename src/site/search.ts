/**
 * The names compare searches, with pinyin (full and initials) so that "qixia", "qxs" or "栖霞" all find 栖霞市:
 * every region in one small file, and the bodies in one file per province, fetched only for the provinces a
 * reader's search reaches (150,000 bodies would be a 13 MB index). Built here so the browser needs no pinyin
 * library.
 */
import { pinyin } from 'pinyin-pro';
import type { SearchItem } from '../domain/search.js';
import { agencies, regions, type Agency } from './data.js';

const py = (s: string) => ({
  py: pinyin(s, { toneType: 'none', type: 'array' }).join('').toLowerCase(),
  ini: pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase(),
});

export async function regionItems(): Promise<SearchItem[]> {
  return [...(await regions()).values()].map((r) => ({
    kind: 'r',
    id: r.code,
    name: r.name,
    sub: r.code,
    ...py(r.name),
  }));
}

let byProvince: Promise<Map<string, Agency[]>> | null = null;
/** Bodies by the province of their region (`00` for bodies whose region is unknown), in the agencies' order. */
export function bodiesByProvince(): Promise<Map<string, Agency[]>> {
  byProvince ??= agencies().then((list) => Map.groupBy(list, (a) => a.region_code?.slice(0, 2) ?? '00'));
  return byProvince;
}

/**
 * One province's bodies as search items. Their pinyin is drawn only for the province asked: a national site's
 * 150,000 names took 3 of the page build's 25 s, and an unchanged province's file is restored from Astro's
 * cache without asking (its cacheKey: pages/search).
 */
export async function bodyItems(province: string): Promise<SearchItem[]> {
  return ((await bodiesByProvince()).get(province) ?? []).map((a) => ({
    kind: 'a',
    id: a.id,
    name: a.name,
    sub: a.region_name ?? '',
    ...py(a.name),
  }));
}
