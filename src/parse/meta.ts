/**
 * Title, year and agency. The title is the line that ends in 年度报告, joined with the line before it when
 * a layout broke it ("栖霞市商务局" / "2023 年政府信息公开工作年度报告") or with the line after when the break fell
 * inside 年度报告; the agency is the title's text
 * before the year, or after it when the year comes first ("2019年上海市人民政府办公厅…").
 */
import type { Line } from '../formats/lines.js';
import { compact } from '../formats/normalize.js';
import { REPORT_HEADING as TITLE_ANY, REPORT_SUFFIX } from '../domain/report-title.js';

export interface Meta {
  title: string | null;
  year: number | null;
  agency: string | null;
  /** Where the year came from: the title, or a sentence in the text. */
  yearSource: 'title' | 'text' | null;
}

const SENTENCE = /[。;；!?]|[,，、].{6,}[,，、]/;
const META_PREFIX = /^(?:标题|题目|名称)[:：]/;
const YEAR = /((?:19|20)\d{2})\s*年/;

const lineText = (l: Line) => compact(l.cells.join(''));

function findTitle(lines: Line[]): string | null {
  // The first 60 lines' texts, each compacted when first looked at: the title is most often among the first few.
  const count = Math.min(60, lines.length);
  const texts: string[] = [];
  const head = (i: number) => (texts[i] ??= lineText(lines[i]));
  for (let i = 0; i < count; i++) {
    let t = head(i).replace(META_PREFIX, '');
    // A centred title wrapped inside 年度报告 ("…工作年度" / "报告", "…工作年" / "度报告") is one line again.
    const next = i + 1 < count ? head(i + 1) : '';
    if (!TITLE_ANY.test(t) && next.length <= 6 && TITLE_ANY.test(t + next) && !TITLE_ANY.test(next)) t += next;
    if (!TITLE_ANY.test(t) || t.length > 80 || SENTENCE.test(t) || !/信息公开|政务公开|年度报告|年报/.test(t)) continue;
    t = t.replace(/(年度?报告|年报|(?:信息公开|政务公开)(?:工作)?报告).*$/, '$1');
    // Pull in the line before while the title still lacks its agency (the year-first form has it after).
    for (let back = 1; back <= 2 && i - back >= 0; back++) {
      const hasYear = YEAR.test(t) || /^(?:19|20)\d{2}/.test(t);
      const beforeYear = hasYear ? t.split(/(?:19|20)\d{2}/)[0] : t;
      const afterYear = hasYear ? t.replace(/^.*?(?:19|20)\d{2}\s*年度?/, '').replace(REPORT_SUFFIX, '') : '';
      const needsAgency = hasYear ? !beforeYear && !afterYear : false;
      const needsYearLine = !hasYear && /^(?:工作)?年度?报告$/.test(t);
      if (!needsAgency && !needsYearLine) break;
      const prev = head(i - back).replace(META_PREFIX, '');
      if (!prev || prev.length > 40 || SENTENCE.test(prev) || /[:：]/.test(prev)) break;
      t = prev + t;
    }
    return t;
  }
  return null;
}

function agencyOf(title: string): string | null {
  const m = title.match(/^(.*?)[(（]?((?:19|20)\d{2})\s*年度?/);
  let name = m ? m[1] : title.replace(REPORT_SUFFIX, '');
  if (m && !name) name = title.slice(m[0].length).replace(REPORT_SUFFIX, '');
  // A letter sending the report (…关于报送2020年度…的函) names its sender before 关于.
  name = name.replace(/关于(?:报送|上报|印发|公布|公开)?$/, '').replace(/[(（]$/, '');
  return name || null;
}

const TEXT_YEAR = [
  /统计期限.{0,4}?自?((?:19|20)\d{2})年/,
  /((?:19|20)\d{2})年度?(?:政府信息公开|政务公开)/,
  /((?:19|20)\d{2})\s*年度?[,，]/,
  // "2020年度我街办…", "2023年本局…": the year a sentence of the report speaks of.
  /((?:19|20)\d{2})\s*年度?(?=[我本全])/,
];

export function readMeta(lines: Line[]): Meta {
  const title = findTitle(lines);
  const titleYear = title?.match(/((?:19|20)\d{2})/);
  let year: number | null = titleYear ? Number(titleYear[1]) : null;
  let yearSource: Meta['yearSource'] = year ? 'title' : null;
  if (!year) {
    const text = lines.slice(0, 80).map(lineText).join('\n');
    for (const re of TEXT_YEAR) {
      const m = text.match(re);
      if (m) {
        year = Number(m[1]);
        yearSource = 'text';
        break;
      }
    }
  }
  return { title, year, agency: title ? agencyOf(title) : null, yearSource };
}
