/**
 * Where the three tables are. Each table is found by its own structure (第二十条 for table 二, the 勾稽关系
 * note or 申请人情况 header for table 三, the 行政复议/行政诉讼 heading for table 四), not by the narrative, which
 * often names the same sections in its first paragraph.
 */
import { T3_HEADINGS, T4 } from '../domain/template.js';
import { indexText, search, type Token } from './tokens.js';

export interface TableSpan {
  /** Token range [from, to). */
  from: number;
  to: number;
}

export interface Sections {
  t2: TableSpan | null;
  t3: TableSpan | null;
  t4: TableSpan | null;
}

const T2_START = [/第二十条/];
const T3_START = [/勾稽关系/, /申请人情况/, /本年新收/, ...T3_HEADINGS];
const T4_START = [...T4.headings, /行政复议.{0,3}行政诉讼/];
const AFTER_T4 = [/存在的?主要问题/, /主要问题(?:及|和)改进/, /[五5][、.]其他需要报告/, /其他需要报告的事项/];

function first(index: ReturnType<typeof indexText>, patterns: RegExp[], from: number): ReturnType<typeof search> {
  let best: ReturnType<typeof search> = null;
  for (const p of patterns) {
    const m = search(index, p, from);
    if (m && (!best || m.start < best.start)) best = m;
  }
  return best;
}

export function findSections(tokens: Token[]): Sections {
  const index = indexText(tokens);
  const t2 = first(index, T2_START, 0);
  const t3 = first(index, T3_START, t2 ? t2.end : 0);
  const t4 = first(index, T4_START, t3 ? t3.end : t2 ? t2.end : 0);
  const end = first(index, AFTER_T4, t4 ? t4.end : t3 ? t3.end : t2 ? t2.end : 0);
  const endTok = end ? end.first : tokens.length;

  const starts = [t2, t3, t4].map((m) => (m ? m.first : null));
  const spanOf = (i: number): TableSpan | null => {
    const from = starts[i];
    if (from === null) return null;
    const next = starts.slice(i + 1).find((s) => s !== null);
    return { from, to: next ?? Math.max(from, endTok) };
  };
  return { t2: spanOf(0), t3: spanOf(1), t4: spanOf(2) };
}
