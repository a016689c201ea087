/**
 * Writing a synthetic report in one of the layouts real reports come in: Word export with tabs, one cell per
 * line, headers one character per line, HTML, Markdown pipe rows, and PDF text with space-aligned columns and
 * page footers. The tables are described once (rows of cells) and each layout only serialises them.
 */
import type { Random } from './random.js';
import { escapeHtml as esc } from '../../src/domain/format.js';
import { T4_COLUMNS, T4_GROUPS, TEMPLATES, type TemplateId } from '../../src/domain/template.js';
import type { Cells } from './numbers.js';

export type Layout =
  'tabs' | 'cells' | 'vertical' | 'html' | 'page' | 'markdown' | 'pdf' | 'docx' | 'xlsx' | 'crawl' | PrintLayout;
/** The layouts a default corpus picks from (no browser needed). */
export const LAYOUTS: Layout[] = [
  'tabs',
  'cells',
  'vertical',
  'html',
  'page',
  'markdown',
  'pdf',
  'docx',
  'xlsx',
  'crawl',
];
/** Layouts written as binary files (office.ts), not as text. */
export const OFFICE_LAYOUTS: Layout[] = ['docx', 'xlsx'];
/** Opt-in layouts made by headless Chromium (print.ts): a printed PDF with a text layer, and a scan of one without. */
export type PrintLayout = 'pdf-print' | 'scan';
export const PRINT_LAYOUTS: PrintLayout[] = ['pdf-print', 'scan'];

export type Block = { kind: 'text'; text: string } | { kind: 'table'; rows: string[][]; header: number };

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

const T3_LABELS: Record<string, string[]> = {
  new_received: ['一、本年新收政府信息公开申请数量', ''],
  carried_over: ['二、上年结转政府信息公开申请数量', ''],
  granted: ['三、本年度办理结果', '（一）予以公开', ''],
  partially_granted: ['', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ''],
  denied_state_secret: ['', '（三）不予公开', '1.属于国家秘密'],
  denied_law_prohibited: ['', '', '2.其他法律行政法规禁止公开'],
  denied_security_stability: ['', '', '3.危及“三安全一稳定”'],
  denied_third_party: ['', '', '4.保护第三方合法权益'],
  denied_internal_affairs: ['', '', '5.属于三类内部事务信息'],
  denied_process_info: ['', '', '6.属于四类过程性信息'],
  denied_enforcement_file: ['', '', '7.属于行政执法案卷'],
  denied_inquiry: ['', '', '8.属于行政查询事项'],
  unable_not_held: ['', '（四）无法提供', '1.本机关不掌握相关政府信息'],
  unable_needs_creation: ['', '', '2.没有现成信息需要另行制作'],
  unable_unclear: ['', '', '3.补正后申请内容仍不明确'],
  rejected_petition: ['', '（五）不予处理', '1.信访举报投诉类申请'],
  rejected_duplicate: ['', '', '2.重复申请'],
  rejected_publication: ['', '', '3.要求提供公开出版物'],
  rejected_excessive: ['', '', '4.无正当理由大量反复申请'],
  rejected_confirmation: ['', '', '5.要求行政机关确认或重新出具已获取信息'],
  other_no_correction: ['', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  other_unpaid_fee: ['', '', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
  other_misc: ['', '', '3.其他'],
  other_handling: ['', '（六）其他处理', ''],
  total_processed: ['（七）总计', '', ''],
  carried_forward: ['四、结转下年度继续办理', '', ''],
};

const T3_COLS = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_service', 'other_org', 'total'];

export function tables(
  template: TemplateId,
  cells: Cells,
  show: (key: string) => string = (k) => fmt(cells[k]),
): Block[] {
  const t2: string[][] =
    template === '2021'
      ? [
          ['第二十条第（一）项'],
          ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
          ['规章', show('t2.regulations.issued'), show('t2.regulations.repealed'), show('t2.regulations.in_force')],
          [
            '行政规范性文件',
            show('t2.normative_docs.issued'),
            show('t2.normative_docs.repealed'),
            show('t2.normative_docs.in_force'),
          ],
          ['第二十条第（五）项'],
          ['信息内容', '本年处理决定数量'],
          ['行政许可', show('t2.licensing.decisions')],
          ['第二十条第（六）项'],
          ['信息内容', '本年处理决定数量'],
          ['行政处罚', show('t2.punishment.decisions')],
          ['行政强制', show('t2.coercion.decisions')],
          ['第二十条第（八）项'],
          ['信息内容', '本年收费金额（单位：万元）'],
          ['行政事业性收费', show('t2.fees.amount_10k_yuan')],
        ]
      : [
          ['第二十条第（一）项'],
          ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
          ['规章', show('t2.regulations.made'), show('t2.regulations.published'), show('t2.regulations.public_total')],
          [
            '规范性文件',
            show('t2.normative_docs.made'),
            show('t2.normative_docs.published'),
            show('t2.normative_docs.public_total'),
          ],
          ['第二十条第（五）项'],
          ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
          ['行政许可', show('t2.licensing.prev_items'), show('t2.licensing.change'), show('t2.licensing.decisions')],
          [
            '其他对外管理服务事项',
            show('t2.other_services.prev_items'),
            show('t2.other_services.change'),
            show('t2.other_services.decisions'),
          ],
          ['第二十条第（六）项'],
          ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
          ['行政处罚', show('t2.punishment.prev_items'), show('t2.punishment.change'), show('t2.punishment.decisions')],
          ['行政强制', show('t2.coercion.prev_items'), show('t2.coercion.change'), show('t2.coercion.decisions')],
          ['第二十条第（八）项'],
          ['信息内容', '上一年项目数量', '本年增/减'],
          ['行政事业性收费', show('t2.fees.prev_items'), show('t2.fees.change')],
          ['第二十条第（九）项'],
          ['信息内容', '采购项目数量', '采购总金额'],
          ['政府集中采购', show('t2.procurement.projects'), show('t2.procurement.amount')],
        ];
  const t3: string[][] = [
    ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '', '', '申请人情况'],
    ['', '', '', '自然人', '法人或其他组织', '', '', '', '', '总计'],
    ['', '', '', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', ''],
    ...TEMPLATES[template].t3.rows.map((r) => [...T3_LABELS[r.key], ...T3_COLS.map((c) => show(`t3.${r.key}.${c}`))]),
  ];
  const outcome = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const t4: string[][] = [
    ['行政复议', '', '', '', '', '行政诉讼'],
    [...outcome, '未经复议直接起诉', '', '', '', '', '复议后起诉'],
    ['', '', '', '', '', ...outcome, ...outcome],
    T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => show(`t4.${g}.${c.key}`))),
  ];
  return [
    { kind: 'text', text: '二、主动公开政府信息情况' },
    { kind: 'table', rows: t2, header: 0 },
    { kind: 'text', text: '三、收到和处理政府信息公开申请情况' },
    { kind: 'table', rows: t3, header: 3 },
    { kind: 'text', text: '四、政府信息公开行政复议、行政诉讼情况' },
    { kind: 'table', rows: t4, header: 3 },
  ];
}

const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(1, w - width(s)));

/**
 * The chrome a government site puts around a report page: menus with the template's own words, a breadcrumb,
 * other years' reports in a sidebar, the page's 索引号 and 发布日期, share buttons, a footer with 网站标识码.
 */
export function sitePage(report: string, agency: string, year: number, publishedOn: string): string {
  const other = (y: number) => `<li><a href="#">${esc(agency)}${y}年政府信息公开工作年度报告</a></li>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(agency)}</title></head><body>
<div class="top-bar">网站支持IPv6 无障碍 长者模式</div>
<div class="header"><nav><ul><li><a>首页</a></li><li><a>行政许可</a></li><li><a>行政处罚</a></li><li><a>政府信息公开年报</a></li></ul></nav></div>
<div class="position">当前位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<div class="sidebar"><h3>相关链接</h3><ul>${other(year - 1)}${other(year - 2)}</ul></div>
<div class="article"><table class="meta"><tr><td>索引号：SYN-${year + 1}-00001</td><td>发布机构：${esc(agency)}</td></tr><tr><td>发布日期：${publishedOn}</td><td>有效性：有效</td></tr></table>
${report}
</div>
<div class="bdshare">分享到：微信 微博 QQ空间</div><p>【打印本页】【关闭窗口】</p>
<footer><p>主办单位：${esc(agency)} 网站标识码：0000000000 京ICP备00000000号</p></footer>
</body></html>`;
}

export function render(
  blocks: Block[],
  layout: Layout,
  site?: { agency: string; year: number; publishedOn: string },
): string {
  if (OFFICE_LAYOUTS.includes(layout)) throw new Error(`${layout} is written by office.ts, not as text`);
  if ((PRINT_LAYOUTS as Layout[]).includes(layout)) throw new Error(`${layout} is written by print.ts, not as text`);
  const out: string[] = [];
  if (layout === 'page') {
    const body = render(blocks, 'html')
      .replace(/^[\s\S]*?<body>/, '')
      .replace(/<\/body>[\s\S]*$/, '');
    return sitePage(body, site?.agency ?? '', site?.year ?? 2020, site?.publishedOn ?? '2021-01-15');
  }
  if (layout === 'html') {
    out.push('<!doctype html><html><head><meta charset="utf-8"><title>report</title></head><body>');
    for (const b of blocks) {
      if (b.kind === 'text') out.push(...b.text.split('\n').map((t) => `<p>${esc(t)}</p>`));
      else
        out.push(
          `<table border="1">${b.rows.map((r) => `<tr>${r.map((c) => `<td>${c ? esc(c) : '&nbsp;'}</td>`).join('')}</tr>`).join('')}</table>`,
        );
    }
    out.push('</body></html>');
    return out.join('\n');
  }
  let pdfLines = 0;
  let page = 1;
  const pdfPush = (line: string) => {
    out.push(line);
    if (++pdfLines % 38 === 0) out.push('', `                                   -${page++}-`, '');
  };
  for (const b of blocks) {
    if (b.kind === 'text') {
      for (const t of b.text.split('\n')) {
        if (layout === 'pdf') pdfPush(t);
        else out.push(t);
      }
      continue;
    }
    b.rows.forEach((row, i) => {
      const header = i < b.header;
      switch (layout) {
        case 'tabs':
          out.push(row.join('\t'));
          break;
        case 'markdown':
          out.push(`| ${row.join(' | ')} |`);
          break;
        case 'cells':
        case 'vertical':
          out.push('');
          for (const cell of row)
            out.push(
              layout === 'vertical' && header && cell.length > 1 && cell.length <= 8
                ? `\t${[...cell].join('\n')}`
                : `\t${cell}`,
            );
          break;
        case 'pdf':
          pdfPush(
            row
              .filter(Boolean)
              .map((c, k) => (k === 0 ? pad(c, 44) : pad(c, 9)))
              .join(' ')
              .trimEnd(),
          );
          break;
      }
    });
  }
  return out.join('\n') + '\n';
}

/**
 * A page as a crawler keeps it (平潭's page.txt): a header of the page's fields, then the whole report on one
 * line, the tables flattened and their cells run together — mostly with nothing between them, sometimes a space,
 * now and then a stray space inside a number ("10 0"), a row's last number glued to the next row's numbering.
 * Only the digits and the template can tell the cells apart: the parser must read every split they allow.
 */
export function crawled(blocks: Block[], site: { title: string; publishedOn: string }, rng: Random): string {
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'text') {
      parts.push(b.text.replace(/\n/g, ''));
      continue;
    }
    for (const row of b.rows)
      parts.push(
        row
          .filter(Boolean)
          .map((cell) => (/^\d{2,}$/.test(cell) && rng.chance(0.03) ? `${cell.slice(0, 1)} ${cell.slice(1)}` : cell))
          .reduce((line, cell) => line + (line && rng.chance(0.2) ? ' ' : '') + cell, ''),
      );
  }
  return [
    `标题: ${site.title.replace(/\n/g, '')}`,
    `发布时间: ${site.publishedOn} 09:30`,
    '发布机构: ',
    '==================== 正文 ====================',
    parts.join(''),
  ].join('\n');
}
