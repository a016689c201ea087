/**
 * What the page and the signature say about the report itself: the publication date, index number and
 * publishing body a government page states in its header (发布日期/发布时间/时间, 索引号, 发布机构), and the date
 * under the signature (落款). All as written, or null: a date that is not a real date is not guessed into one.
 */
import type { Line } from '../formats/lines.js';

export interface PageMeta {
  published_on: string | null;
  signed_on: string | null;
  index_no: string | null;
  publisher: string | null;
  /** The body named in the signature (落款) just before its date, as written; null when there is none. */
  signed_by: string | null;
}

// A body's name ends in one of these (局, 办公室, 人民政府, 管理委员会, 街道办事处 …).
const BODY_NAME =
  /([\u3400-\u9fff（）()]{2,40}?(?:局|办公室|办|政府|委员会|管委会|中心|院|所|镇|乡|街道办事处|街道|厅|委|部|会|队|站|处|署))$/;

// Field labels of government page headers; a value runs until the next label.
const LABELS = [
  '索引号',
  '发布机构',
  '发布单位',
  '发布日期',
  '发布时间',
  '公开日期',
  '成文日期',
  '生成日期',
  '发文日期',
  '文号',
  '发文字号',
  '主题分类',
  '主题词',
  '标题',
  '名称',
  '栏目',
  '来源',
  '信息来源',
  '原文链接',
  '本地目录',
  '有效性',
  '公开方式',
  '公开范围',
  '浏览次数',
  '访问量',
  '字号',
  // A bare 时间 only as a label of its own, not the end of 办公时间 or 统计时间 in the report's text.
  '(?<![\\u3400-\\u9fff])时间',
];
const FIELD = new RegExp(`(${LABELS.join('|')})\\s*[:：]`, 'g');
const PUBLISHED_LABELS = ['发布日期', '发布时间', '公开日期', '时间'];
const DATE = /((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})/;
// A date followed by 印发 dates the printing note under a document, not its signature.
const SIGNATURE_DATE = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?!\s*印发)/g;
/** How much of the start of a document can be page header, and of its end signature. */
const HEAD_LINES = 40;
const HEAD_CHARS = 3000;
const TAIL_CHARS = 400;

function isoDate(y: string, m: string, d: string): string | null {
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Label → value of the header fields, first occurrence of each label wins. */
function headerFields(head: string): Map<string, string> {
  const fields = new Map<string, string>();
  const hits = [...head.matchAll(FIELD)];
  hits.forEach((m, i) => {
    const end = i + 1 < hits.length ? hits[i + 1].index! : head.length;
    const value = head
      .slice(m.index! + m[0].length, end)
      .split('\n')[0]
      .trim();
    if (!fields.has(m[1])) fields.set(m[1], value);
  });
  return fields;
}

export function readPageMeta(lines: Line[]): PageMeta {
  const head = lines
    .slice(0, HEAD_LINES)
    .map((l) => l.cells.join(' '))
    .join('\n')
    .slice(0, HEAD_CHARS);
  const fields = headerFields(head);
  let published_on: string | null = null;
  for (const label of PUBLISHED_LABELS) {
    const m = fields.get(label)?.match(DATE);
    if (m && (published_on = isoDate(m[1], m[2], m[3]))) break;
  }
  // Only the last lines can reach into the tail: the whole text is not joined to keep its last characters.
  let from = lines.length;
  for (let n = -1; from > 0 && n < TAIL_CHARS;) n += lines[--from].cells.join(' ').length + 1;
  const text = lines
    .slice(from)
    .map((l) => l.cells.join(' '))
    .join('\n');
  // The signature stands after the report's last sentence: a date in a sentence is something the report tells.
  // The distribution note under an official document (抄送…, …印发, 附件) follows the signature: cut it first.
  const tail = text.slice(-TAIL_CHARS).replace(/抄\s*送\s*[:：][\s\S]*$/, '');
  const afterLastSentence = tail.slice(tail.lastIndexOf('。') + 1);
  const dates = [...afterLastSentence.matchAll(SIGNATURE_DATE)];
  const last = dates.at(-1);
  // A last heading run into the signature without a full stop ("…其他需要报告的事项无平潭…局") is not the name.
  const before = last
    ? afterLastSentence
        .slice(0, last.index)
        .replace(/\s+/g, '')
        .replace(/^.*(?:事项|情况)无?/, '')
    : '';
  return {
    signed_by: before.match(BODY_NAME)?.[1] ?? null,
    published_on,
    signed_on: last ? isoDate(last[1], last[2], last[3]) : null,
    index_no: fields.get('索引号') || null,
    publisher: fields.get('发布机构') || fields.get('发布单位') || null,
  };
}
