/**
 * HTML → lines of cells. A real HTML parser (htmlparser2) reads the markup; table rows become one line each
 * with every cell kept (an empty cell is a blank the report shows, so it must survive), block elements become
 * line breaks, and script/style content is dropped: report text is data, never code.
 *
 * Lines are numbered as they are rebuilt (1, 2, 3…), as Word's and PDF's are, not by the markup's own lines: a
 * page often writes a whole table on one line, and then every row would have shared one number, so the parser
 * could not tell a row's empty cells from the next row's, and a reader shown the cited line got kilobytes of
 * markup. The site shows these rebuilt rows as the report's text (display.ts).
 */
import { Parser } from 'htmlparser2';
import type { Line } from './lines.js';

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'tr',
  'table',
  'title',
  'pre',
  'blockquote',
  'ul',
  'ol',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'head']);

/**
 * Site chrome on a government page: navigation, breadcrumbs, related links, share buttons, footers (the
 * collector, too, looks for a report's files outside them). Its
 * words (other reports' titles, 行政许可 menu entries) would otherwise be read as the report's own.
 */
const CHROME_TAGS = new Set(['nav', 'footer', 'aside']);
const CHROME_ATTR =
  /(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|footer|foot|share|bdshare|sidebar|related?|relevant|xglj|friend-?links?|yqlj|top-?bar|skip-?links?)(?:$|[\s_-]|\d)/i;
/** Lines of page chrome that survive in markup without such names (footer text, tool links). */
const CHROME_TEXT =
  /网站标识码|ICP备|公网安备|版权所有|主办单位[:：]|承办单位[:：]|技术支持[:：]|分享到|打印本页|关闭窗口|【打印】|【关闭】|【大中小】|字号[:：]?\s*[【[]?大|当前位置[:：]|您现在的位置|相关链接|相关文章|扫一扫在手机/;
const CHROME_LINE_MAX = 120;

export const isChrome = (name: string, attribs: Record<string, string>): boolean =>
  CHROME_TAGS.has(name) || CHROME_ATTR.test(`${attribs.class ?? ''} ${attribs.id ?? ''}`);

export const looksLikeHtml = (text: string): boolean =>
  /<(html|body|table|p|div|td|tr|br)\b[^>]*>/i.test(text.slice(0, 200_000));

export function htmlToLines(html: string): Line[] {
  const lines: Line[] = [];
  let text = '';
  let skipDepth = 0;
  /** Per open element: whether it starts a skipped subtree (code, or site chrome). */
  const skipping: boolean[] = [];
  let tableDepth = 0;
  let row: string[] | null = null;
  let cell: string | null = null;

  const flushText = () => {
    if (text.trim()) lines.push({ cells: [text], line: 0, delimited: false, blanksReliable: false });
    text = '';
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const skip = SKIP.has(name) || isChrome(name, attribs);
        skipping.push(skip);
        if (skip) skipDepth++;
        if (skipDepth) return;
        if (name === 'table') {
          flushText();
          tableDepth++;
        } else if (name === 'tr' && tableDepth) row = [];
        else if ((name === 'td' || name === 'th') && row) cell = '';
        else if (cell !== null && (name === 'br' || name === 'p')) cell += ' ';
        else if (!tableDepth && BLOCK.has(name)) flushText();
      },
      ontext(data) {
        if (skipDepth) return;
        if (cell !== null) cell += data;
        else if (!tableDepth) text += data;
      },
      onclosetag(name) {
        if (skipping.pop()) skipDepth = Math.max(0, skipDepth - 1);
        if (skipDepth) return;
        if ((name === 'td' || name === 'th') && row && cell !== null) {
          row.push(cell.replace(/\s+/g, ' ').trim());
          cell = null;
        } else if (name === 'tr' && row) {
          if (row.some((c) => c)) lines.push({ cells: row, line: 0, delimited: true, blanksReliable: true });
          row = null;
        } else if (name === 'table') tableDepth = Math.max(0, tableDepth - 1);
        else if (!tableDepth && BLOCK.has(name)) flushText();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flushText();
  // Text outside tables may hold several source lines (pre, plain text around markup): a line each.
  return lines
    .flatMap((l) =>
      l.delimited
        ? [l]
        : l.cells[0]
            .split(/\r?\n/)
            .map((c) => ({ ...l, cells: [c] }))
            .filter(
              (x) => x.cells[0].trim() && !(x.cells[0].length <= CHROME_LINE_MAX && CHROME_TEXT.test(x.cells[0])),
            ),
    )
    .map((l, i) => ({ ...l, line: i + 1 }));
}
