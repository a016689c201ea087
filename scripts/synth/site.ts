/**
 * A synthetic county government site for the collector to crawl: a disclosure column whose list runs over
 * several pages in two CMS styles (TRS: `index.html`, `index_1.html`… with numbered links and its
 * `createPageHTML` script; a JSP list: `list.jsp?page=2` with 下一页), report pages with the site's chrome and
 * 索引号/发布日期, reports as page text or as DOCX/PDF files behind `download.jsp?id=` (told by
 * Content-Disposition), look-alikes (工作要点, 自查报告, 工作方案), a robots.txt that disallows a path a report
 * is linked into, and what a crawler meets on real sites: a 429 with Retry-After, a redirect loop, a 404, a slow
 * answer, one that never comes, a file over the size cap. `edited` gives the same site a while later: one report
 * changed in two numbers, one gone from the list, one answering 410.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml as esc } from '../../src/domain/format.js';
import { synthContent } from './generate.js';
import { docxOf } from './office.js';
import { render, sitePage, tables, type Block } from './render.js';

export interface SiteResource {
  status?: number;
  contentType?: string;
  body?: Uint8Array;
  headers?: Record<string, string>;
  /** What the server does besides answering: 429 the first time, answer late, never answer, send in chunks. */
  behaviour?: 'retry-after-once' | 'slow' | 'stall' | 'chunked';
}

/** What a report on the site should leave in a collection. */
export type Outcome = 'collected' | 'disallowed' | 'redirect-loop' | 'not-found' | 'no-answer';

export interface SiteReport {
  title: string;
  /** The link the list gives (a page, or a file linked straight from the list). */
  link: string;
  /** The files of the report page that must be kept (paths on the site). */
  files: string[];
  /** A file the page links that is over the size cap: requested, not kept. */
  oversized?: string;
  outcome: Outcome;
  /** The cells the parser should read from it (the page's or its file's), for reports the build can check. */
  cells?: Record<string, number | null>;
}

export interface SyntheticSite {
  resources: Map<string, SiteResource>;
  reports: SiteReport[];
  /** Look-alike pages a list links to that are no annual report and must not be fetched. */
  lookalikes: string[];
  /** The list pages of both columns. */
  lists: string[];
  /** Start URLs (paths) of the two columns. */
  columns: string[];
  disallowedPrefix: string;
}

export const COUNTY = { name: '闽侯县', code: '350121' };
export const EDITED_CELLS = { 't2.licensing.decisions': 7, 't2.punishment.decisions': 3 };
/** The report edited between the two versions of the site, the one unlisted and the one answering 410. */
export const EDITED = 0;
export const UNLISTED = 1;
export const GONE = 2;

const HTML = 'text/html; charset=utf-8';
const utf8 = (s: string) => new TextEncoder().encode(s);
const HUAIAN_PDF = join(import.meta.dirname, '../../data/reports/corpus/raw/js_huaian_2024_szf.pdf');
/** Over the cap the tests set (1 MB): sent in chunks with no length, so only counting what arrives catches it. */
const OVERSIZED_BYTES = 1_500_000;

const BUREAUS = [
  '财政局',
  '教育局',
  '公安局',
  '民政局',
  '交通运输局',
  '水利局',
  '司法局',
  '审计局',
  '统计局',
  '林业局',
];

function listPage(title: string, items: { href: string; title: string; date: string }[], pager: string): string {
  const lis = items
    .map(
      (i) =>
        `<li><a href="${esc(i.href)}" title="${esc(i.title)}" target="_blank">${esc(i.title)}</a><span>${i.date}</span></li>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>
<div class="header"><nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></nav></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; ${esc(title)}</div>
<div class="list"><ul>
${lis}
</ul></div>
<div class="pages">${pager}</div>
<footer><p>主办单位：${COUNTY.name}人民政府办公室 网站标识码：3501210001 闽ICP备00000000号</p></footer>
</body></html>`;
}

/** The report page of a report published as files: a line of text and the links. */
const filePage = (title: string, agency: string, year: number, publishedOn: string, links: string) =>
  sitePage(
    `<h1>${esc(title)}</h1><p>现将我单位${year}年政府信息公开工作年度报告予以公布。</p>${links}`,
    agency,
    year,
    publishedOn,
  );

export function governmentSite(seed = 1, edited = false): SyntheticSite {
  const resources = new Map<string, SiteResource>();
  const reports: SiteReport[] = [];
  const page = (path: string, html: string, extra: Partial<SiteResource> = {}) =>
    resources.set(path, { contentType: HTML, body: utf8(html), ...extra });

  /** Report `i`: its agency, year, blocks and cells; the edited report's numbers moved in the later site. */
  const content = (i: number) => {
    const year = 2021 + (i % 3);
    const agency = {
      name: `${COUNTY.name}${BUREAUS[i % BUREAUS.length]}`,
      kind: 'county_bureau' as const,
      region: COUNTY.code,
    };
    const publishedOn = `${year + 1}-01-${String(10 + i).padStart(2, '0')}`;
    const c = synthContent(i, seed, 'page', { agency, year, publishedOn });
    let cells = c.truth.cells!;
    let blocks: Block[] = c.blocks;
    if (edited && i === EDITED) {
      cells = { ...cells };
      for (const [k, d] of Object.entries(EDITED_CELLS)) cells[k] = (cells[k] ?? 0) + d;
      const show = (k: string) => (cells[k] === null ? '' : String(cells[k]));
      blocks = [
        blocks[0],
        blocks[1],
        ...tables(c.truth.template, cells as Record<string, number>, show),
        blocks.at(-1)!,
      ];
    }
    const title = `${agency.name}${year}年政府信息公开工作年度报告`;
    return { agency: agency.name, year, publishedOn, blocks, cells, title };
  };
  const htmlReport = (path: string, i: number, extra: Partial<SiteResource> = {}) => {
    const c = content(i);
    page(path, render(c.blocks, 'page', { agency: c.agency, year: c.year, publishedOn: c.publishedOn }), extra);
    return c;
  };

  // ------------------------------------------------------------------ column A: TRS, index.html, index_1.html …
  const A = '/zwgk/zfxxgknb/';
  const a: { href: string; title: string; date: string }[] = [];
  const item = (href: string, title: string, date = '2024-01-20') => a.push({ href, title, date });

  const r0 = htmlReport(`${A}202401/t20240110_1000.html`, 0);
  item('./202401/t20240110_1000.html', r0.title);
  reports.push({
    title: r0.title,
    link: `${A}202401/t20240110_1000.html`,
    files: [],
    outcome: 'collected',
    cells: r0.cells,
  });

  const r1 = htmlReport(`${A}202401/t20240111_1001.html`, 1);
  if (!edited) item('./202401/t20240111_1001.html', r1.title);
  reports.push({
    title: r1.title,
    link: `${A}202401/t20240111_1001.html`,
    files: [],
    outcome: 'collected',
    cells: r1.cells,
  });

  // Report 2 answers 410 on the later site (taken down).
  const r2 = htmlReport(`${A}202401/t20240112_1002.html`, 2, edited ? { status: 410, body: utf8('Gone') } : {});
  item('./202401/t20240112_1002.html', r2.title);
  reports.push({
    title: r2.title,
    link: `${A}202401/t20240112_1002.html`,
    files: [],
    outcome: 'collected',
    cells: r2.cells,
  });

  // Report 3 as a Word file behind download.jsp, its name in Content-Disposition (RFC 6266 filename*).
  const r3 = content(3);
  const docxName = `${r3.agency}${r3.year}年政府信息公开工作年度报告.docx`;
  resources.set('/download.jsp?id=3003', {
    contentType: 'application/octet-stream',
    headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(docxName)}` },
    body: docxOf(r3.blocks),
  });
  page(
    `${A}202401/t20240113_1003.html`,
    filePage(
      r3.title,
      r3.agency,
      r3.year,
      r3.publishedOn,
      `<p>附件：<a href="/download.jsp?id=3003">${esc(docxName)}</a></p>`,
    ),
  );
  item('./202401/t20240113_1003.html', r3.title);
  reports.push({
    title: r3.title,
    link: `${A}202401/t20240113_1003.html`,
    files: ['/download.jsp?id=3003'],
    outcome: 'collected',
    cells: r3.cells,
  });

  // Look-alikes, on the same list.
  const lookalikes = [
    [`${A}202401/t20240114_1101.html`, `${COUNTY.name}2024年政务公开工作要点`],
    [`${A}202401/t20240114_1102.html`, `${COUNTY.name}财政局政府信息公开工作自查报告`],
    [`${A}202401/t20240114_1103.html`, `${COUNTY.name}2024年政务公开工作方案`],
  ];
  for (const [path, title] of lookalikes) {
    page(path, sitePage(`<h1>${esc(title)}</h1><p>（略）</p>`, COUNTY.name, 2024, '2024-03-01'));
    item(`.${path.slice(A.length - 1)}`, title, '2024-03-01');
  }

  // Report 4: a PDF (a real report with a text layer) behind download.jsp, told only by its headers.
  const pdfTitle = '淮安市人民政府2024年政府信息公开工作年度报告';
  resources.set('/download.jsp?id=3004', {
    contentType: 'application/pdf',
    headers: { 'content-disposition': 'attachment; filename="report.pdf"' },
    body: new Uint8Array(readFileSync(HUAIAN_PDF)),
  });
  page(
    `${A}202402/t20240201_1004.html`,
    filePage(pdfTitle, '淮安市人民政府', 2024, '2025-02-01', `<p><a href="/download.jsp?id=3004">点击下载</a></p>`),
  );
  item('./202402/t20240201_1004.html', pdfTitle, '2025-02-01');
  reports.push({
    title: pdfTitle,
    link: `${A}202402/t20240201_1004.html`,
    files: ['/download.jsp?id=3004'],
    outcome: 'collected',
  });

  // Report 5 answers late; report 6 first answers 429 with Retry-After: 1.
  const r5 = htmlReport(`${A}202402/t20240202_1005.html`, 5, { behaviour: 'slow' });
  item('./202402/t20240202_1005.html', r5.title);
  reports.push({
    title: r5.title,
    link: `${A}202402/t20240202_1005.html`,
    files: [],
    outcome: 'collected',
    cells: r5.cells,
  });
  const r6 = htmlReport(`${A}202402/t20240203_1006.html`, 6, { behaviour: 'retry-after-once' });
  item('./202402/t20240203_1006.html', r6.title);
  reports.push({
    title: r6.title,
    link: `${A}202402/t20240203_1006.html`,
    files: [],
    outcome: 'collected',
    cells: r6.cells,
  });

  // Report 7 is linked into the path robots.txt disallows.
  const r7 = htmlReport('/private/t20240204_1007.html', 7);
  item('/private/t20240204_1007.html', r7.title);
  reports.push({ title: r7.title, link: '/private/t20240204_1007.html', files: [], outcome: 'disallowed' });

  // Report 8's link runs into a redirect loop; report 9's is dead.
  resources.set(`${A}loop/a.html`, { status: 302, headers: { location: `${A}loop/b.html` } });
  resources.set(`${A}loop/b.html`, { status: 302, headers: { location: `${A}loop/a.html` } });
  item('./loop/a.html', `${COUNTY.name}水利局2021年政府信息公开工作年度报告`);
  reports.push({
    title: `${COUNTY.name}水利局2021年政府信息公开工作年度报告`,
    link: `${A}loop/a.html`,
    files: [],
    outcome: 'redirect-loop',
  });
  item('./202402/t20240205_1009.html', `${COUNTY.name}司法局2022年政府信息公开工作年报`);
  reports.push({
    title: `${COUNTY.name}司法局2022年政府信息公开工作年报`,
    link: `${A}202402/t20240205_1009.html`,
    files: [],
    outcome: 'not-found',
  });

  // Report 10: the page holds the report and links a scan over the size cap (the page is then what counts).
  const r10 = content(10);
  page(
    `${A}202402/t20240206_1010.html`,
    render(r10.blocks, 'page', { agency: r10.agency, year: r10.year, publishedOn: r10.publishedOn }).replace(
      '</div>\n<div class="bdshare">',
      '<p>附件：<a href="/download.jsp?id=3010">扫描件.pdf</a></p></div>\n<div class="bdshare">',
    ),
  );
  resources.set('/download.jsp?id=3010', {
    contentType: 'application/pdf',
    headers: { 'content-disposition': 'attachment; filename="scan.pdf"' },
    body: new Uint8Array(OVERSIZED_BYTES).fill(0x25),
    behaviour: 'chunked',
  });
  item('./202402/t20240206_1010.html', r10.title);
  reports.push({
    title: r10.title,
    link: `${A}202402/t20240206_1010.html`,
    files: [],
    oversized: '/download.jsp?id=3010',
    outcome: 'collected',
    cells: r10.cells,
  });

  // Report 11 never answers.
  resources.set(`${A}202402/t20240207_1011.html`, { behaviour: 'stall' });
  item('./202402/t20240207_1011.html', `${COUNTY.name}审计局2023年度政府信息公开工作年度报告`);
  reports.push({
    title: `${COUNTY.name}审计局2023年度政府信息公开工作年度报告`,
    link: `${A}202402/t20240207_1011.html`,
    files: [],
    outcome: 'no-answer',
  });

  // Report 12 as a Word file linked straight from the list.
  const r12 = content(12);
  resources.set(`${A}202402/P020240208_1012.docx`, {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    body: docxOf(r12.blocks),
  });
  item('./202402/P020240208_1012.docx', r12.title);
  reports.push({
    title: r12.title,
    link: `${A}202402/P020240208_1012.docx`,
    files: [],
    outcome: 'collected',
    cells: r12.cells,
  });

  // Four items a page; the pager as TRS draws it: numbered links and the script call.
  const per = 4;
  const aPages = Math.ceil(a.length / per);
  const columnA: string[] = [];
  for (let p = 0; p < aPages; p++) {
    const name = (n: number) => (n === 0 ? 'index.html' : `index_${n}.html`);
    const pager =
      `<script>createPageHTML(${aPages}, ${p}, "index", "html");</script>` +
      Array.from({ length: aPages }, (_x, n) =>
        n === p ? `<span>${n + 1}</span>` : `<a href="${name(n)}">${n + 1}</a>`,
      ).join(' ');
    page(`${A}${name(p)}`, listPage('政府信息公开年报', a.slice(p * per, (p + 1) * per), pager));
    columnA.push(`${A}${name(p)}`);
  }

  // ------------------------------------------------------------------ column B: a JSP list with 下一页
  const B = '/col/col1229/';
  const b: { href: string; title: string; date: string }[] = [];
  for (let i = 13; i < 18; i++) {
    const path = `/art/2024/1/${i}/art_1229_${4000 + i}.html`;
    const c = htmlReport(path, i);
    b.push({ href: path, title: c.title, date: c.publishedOn });
    reports.push({ title: c.title, link: path, files: [], outcome: 'collected', cells: c.cells });
  }
  // A report of column B whose report page links its Word file through download.jsp as well.
  const r18 = content(18);
  const name18 = `${r18.title}.docx`;
  resources.set('/download.jsp?id=3018', {
    contentType: 'application/msword',
    headers: { 'content-disposition': `attachment; filename="${encodeURIComponent(name18)}"` },
    body: docxOf(r18.blocks),
  });
  page(
    '/art/2024/1/18/art_1229_4018.html',
    filePage(r18.title, r18.agency, r18.year, r18.publishedOn, `<a href="/download.jsp?id=3018">${esc(name18)}</a>`),
  );
  b.push({ href: '/art/2024/1/18/art_1229_4018.html', title: r18.title, date: r18.publishedOn });
  reports.push({
    title: r18.title,
    link: '/art/2024/1/18/art_1229_4018.html',
    files: ['/download.jsp?id=3018'],
    outcome: 'collected',
    cells: r18.cells,
  });
  b.push({
    href: '/art/2024/2/1/art_1229_4101.html',
    title: `${COUNTY.name}教育局关于政府信息公开工作年度报告编制发布工作的通知`,
    date: '2024-02-01',
  });
  page('/art/2024/2/1/art_1229_4101.html', sitePage('<p>通知（略）</p>', COUNTY.name, 2024, '2024-02-01'));
  lookalikes.push(['/art/2024/2/1/art_1229_4101.html', '']);

  const bPages = Math.ceil(b.length / 3);
  const columnB: string[] = [];
  for (let p = 1; p <= bPages; p++) {
    const pager = [
      // Page 1 is the column's own address, as these sites link it.
      p > 1 ? `<a href="${p === 2 ? 'list.jsp' : `list.jsp?page=${p - 1}`}">上一页</a>` : '',
      `第${p}页/共${bPages}页`,
      p < bPages ? `<a href="list.jsp?page=${p + 1}">下一页</a>` : '',
    ].join(' ');
    const html = listPage('政府信息公开年度报告', b.slice((p - 1) * 3, p * 3), pager);
    page(`${B}list.jsp?page=${p}`, html);
    if (p === 1) page(`${B}list.jsp`, html);
    columnB.push(p === 1 ? `${B}list.jsp` : `${B}list.jsp?page=${p}`);
  }

  resources.set('/robots.txt', {
    contentType: 'text/plain',
    body: utf8('User-agent: *\nDisallow: /private/\nDisallow: /search/\n'),
  });
  return {
    resources,
    reports,
    lookalikes: lookalikes.map(([p]) => p),
    lists: [...columnA, ...columnB],
    columns: [`${A}index.html`, `${B}list.jsp`],
    disallowedPrefix: '/private/',
  };
}
