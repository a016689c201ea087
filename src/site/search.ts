/**
 * The names compare searches, with pinyin (full and initials) so that "qixia", "qxs" or "栖霞" all find 栖霞市:
 * every region in one small file, and the bodies in one file per province, fetched only for the provinces a
 * reader's search reaches (150,000 bodies would be a 13 MB index). Built here so the browser needs no pinyin
 * library.
 */
import { pinyin } from 'pinyin-pro';
import type { SearchItem } from '../domain/search.js';
import { agencies, regions } from './data.js';

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

let byProvince: Promise<Map<string, SearchItem[]>> | null = null;
/** Bodies by the province of their region (`00` for bodies whose region is unknown). */
export function bodyItems(): Promise<Map<string, SearchItem[]>> {
  byProvince ??= (async () => {
    const map = new Map<string, SearchItem[]>();
    for (const a of await agencies()) {
      const p = a.region_code?.slice(0, 2) ?? '00';
      map.set(p, [
        ...(map.get(p) ?? []),
        { kind: 'a', id: a.id, name: a.name, sub: a.region_name ?? '', ...py(a.name) },
      ]);
    }
    return map;
  })();
  return byProvince;
}
