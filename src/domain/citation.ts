/**
 * "Cite this": a chart or a body page as a data set, in GB/T 7714-2015 (电子资源 [DB/OL]) and APA 7 (Data set).
 * The data version names exactly what was cited — the date of the data, the parser's version and the hash of
 * the build (or of the body's shard) — so a reader can tell whether the numbers they see are the ones cited.
 */
export interface DataVersion {
  /** YYYY-MM-DD. */
  date: string;
  parser: string;
  hash: string;
}

export interface Citation {
  /** What is cited: a chart's or a body's title. */
  title: string;
  /** Who the numbers are about (a body or a region): the author of the reports they come from. */
  body: string;
  /** The report years shown, e.g. 2019–2024 (empty when none). */
  years: { from: number; to: number } | null;
  /** An absolute URL. */
  permalink: string;
  version: DataVersion;
  /** When the reader cites it (YYYY-MM-DD), for GB/T 7714's [引用日期]. */
  accessed: string;
}

export const PUBLISHER = '公开 Gongkai';

export const dataVersionText = (v: DataVersion): string => `${v.date} · parser ${v.parser} · ${v.hash}`;

const yearsText = (y: Citation['years']) => (!y ? '' : y.from === y.to ? `${y.from}` : `${y.from}–${y.to}`);
/** The year a data set was published: the year of its data version. */
const published = (c: Citation) => c.version.date.slice(0, 4);
/** A title's own final stop would double the one a style puts after it. */
const bare = (s: string) => s.trim().replace(/[.。]$/, '');

/** GB/T 7714-2015: 主要责任者. 题名[DB/OL]. 出版者, 出版年[引用日期]. 获取和访问路径. */
export function gbt7714(c: Citation): string {
  const years = yearsText(c.years);
  const title = `${bare(c.title)}${years ? `（${years}）` : ''}`;
  return `${bare(c.body)}. ${title}[DB/OL]. ${PUBLISHER}, ${published(c)}[${c.accessed}]. ${c.permalink}. 数据版本: ${dataVersionText(c.version)}.`;
}

/** APA 7, a data set: Author. (Year). Title (Version) [Data set]. Publisher. URL */
export function apa(c: Citation): string {
  const years = yearsText(c.years);
  const title = `${bare(c.title)}${years ? `, ${years}` : ''}`;
  return `${bare(c.body)}. (${published(c)}). ${title} (Data version ${dataVersionText(c.version)}) [Data set]. Gongkai. ${c.permalink}`;
}

/** The report years a series of points covers, or null. */
export function yearSpan(years: Iterable<number>): Citation['years'] {
  const list = [...years];
  return list.length ? { from: Math.min(...list), to: Math.max(...list) } : null;
}
