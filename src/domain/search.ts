/**
 * The search index compare reads: regions in one file, bodies in one file per province (the first two digits of
 * the body's region code; `00` when it has none), packed (domain/preset-dictionaries).
 */
export interface SearchItem {
  kind: 'r' | 'a';
  id: string;
  name: string;
  /** What tells two of the same name apart: the region's code, the body's region. */
  sub: string;
  py: string;
  ini: string;
}

export const UNKNOWN_PROVINCE = '00';

/** Where the index's files are on the site, below its base path. */
export const regionIndexPath = 'search/regions.json.zlib';
export const bodyIndexPath = (province: string) => `search/bodies-${province}.json.zlib`;

/** The province file a region or body is listed in. */
export const provinceOf = (item: Pick<SearchItem, 'kind' | 'id'>): string =>
  /^\d{2}/.test(item.id) ? item.id.slice(0, 2) : UNKNOWN_PROVINCE;

export function matches(item: SearchItem, q: string): boolean {
  const s = q.trim().toLowerCase().replace(/\s+/g, '');
  if (!s) return false;
  return item.name.includes(s) || item.py.includes(s) || item.ini.startsWith(s) || item.sub.includes(s);
}
