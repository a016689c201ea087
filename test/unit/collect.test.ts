/** The collector's pure parts: which titles are annual reports, which links page a list, which are a report's files. */
import { describe, expect, it } from 'vitest';
import { isAnnualReportTitle } from '../../src/domain/report-title.js';
import { filenameOf } from '../../src/collect/crawl.js';
import { HostQueue } from '../../src/collect/host-queue.js';
import { retryAfterMs } from '../../src/collect/http.js';
import { fileLinks, linksOf, linkTitle, pagerLinks, reportLinks } from '../../src/collect/links.js';
import { extensionOf } from '../../src/collect/store.js';

describe('report titles', () => {
  it.each([
    '平潭综合实验区财政金融局2019年政府信息公开工作年度报告',
    '闽侯县教育局2023年度政府信息公开工作年度报告',
    '2022年政府信息公开年度报告',
    '福州市水利局政府信息公开工作年报（2021年）',
    '2020年 政务公开工作年度报告',
    '关于报送2020年度政府信息公开工作年度报告的函',
    '上海市人民政府办公厅2019年政府信息公开工作报告',
  ])('%s is an annual report', (t) => expect(isAnnualReportTitle(t)).toBe(true));

  it.each([
    '2024年政务公开工作要点',
    '闽侯县财政局政府信息公开工作自查报告',
    '2023年政务公开工作方案',
    '关于做好2023年政府信息公开工作年度报告编制发布工作的通知',
    '图解：2022年政府信息公开工作年度报告',
    '2022年政府信息公开工作年度报告解读',
    '政府信息公开指南',
    '2023年度工作总结',
    '2023年法治政府建设年度报告',
  ])('%s is not', (t) => expect(isAnnualReportTitle(t)).toBe(false));
});

const BASE = 'http://gov.example/zwgk/nb/index.html';

describe('list pages', () => {
  it('follows numbered pages and the index_N.html pager of TRS sites, within the column', () => {
    const html = `<nav><a href="/">首页</a><a href="/zwgk/">政务公开</a></nav>
      <ul><li><a href="./202401/t20240110_1.html">2</a></li></ul>
      <div class="page"><span>1</span> <a href="index_1.html">2</a> <a href="index_2.html">3</a>
      <a href="index_2.html">尾页</a> <a href="../other/index_1.html">2</a></div>`;
    expect(pagerLinks(html, BASE, linksOf(html, BASE))).toEqual([
      'http://gov.example/zwgk/nb/index_1.html',
      'http://gov.example/zwgk/nb/index_2.html',
    ]);
  });

  it('takes a column folder and its index.html for one page', () => {
    const html = '<a href="index.html">1</a> <a href="index_1.html">2</a>';
    expect(pagerLinks(html, 'http://gov.example/nb/', linksOf(html, 'http://gov.example/nb/'))).toEqual([
      'http://gov.example/nb/index_1.html',
    ]);
  });

  it('reads the pages of a pager drawn in script (createPageHTML)', () => {
    const html = '<div><script>createPageHTML(4, 0, "index", "shtml");</script></div>';
    expect(pagerLinks(html, 'http://gov.example/nb/index.shtml', [])).toEqual([
      'http://gov.example/nb/index_1.shtml',
      'http://gov.example/nb/index_2.shtml',
      'http://gov.example/nb/index_3.shtml',
    ]);
  });

  it('follows 下一页 and ?page=N on a JSP list, not 上一篇 or another column', () => {
    const url = 'http://gov.example/col/col1/list.jsp?page=2';
    const html = `<a href="list.jsp">上一页</a> 第2页 <a href="list.jsp?page=3">下一页</a>
      <a href="/art/2024/1/1/art_1_1.html">上一篇：某某通知</a> <a href="/col/col2/list.jsp?page=2">下一页</a>`;
    expect(pagerLinks(html, url, linksOf(html, url))).toEqual([
      'http://gov.example/col/col1/list.jsp',
      'http://gov.example/col/col1/list.jsp?page=3',
    ]);
  });

  it('picks the reports by title, the title attribute when the text is cut short', () => {
    const html = `<a href="a.html" title="闽侯县民政局2023年政府信息公开工作年度报告">闽侯县民政局2023年政府信息…</a>
      <a href="b.html">2024年政务公开工作要点</a><a href="c.pdf">2022年政府信息公开工作年报</a>
      <a href="javascript:void(0)">2021年政府信息公开工作年度报告</a>`;
    const links = reportLinks(linksOf(html, BASE));
    expect(links.map((l) => [l.url, linkTitle(l)])).toEqual([
      ['http://gov.example/zwgk/nb/a.html', '闽侯县民政局2023年政府信息公开工作年度报告'],
      ['http://gov.example/zwgk/nb/c.pdf', '2022年政府信息公开工作年报'],
    ]);
  });
});

describe('a report page', () => {
  it('offers its files (by extension, download address or text), not the links of its chrome', () => {
    const url = 'http://gov.example/art/1.html';
    const html = `<base href="http://gov.example/zwgk/"><div class="sidebar"><a href="/download.jsp?id=9">下载中心</a></div>
      <div class="article"><p>附件：<a href="../download.jsp?id=3">年报.docx</a></p><a href="P0201.pdf">点此查看</a>
      <a href="/servlet/DownFile?fileId=7">原文</a><a href="/art/2.html">上一篇</a><a href="#top">返回顶部</a></div>`;
    expect(fileLinks(linksOf(html, url)).map((l) => l.url)).toEqual([
      'http://gov.example/download.jsp?id=3',
      'http://gov.example/zwgk/P0201.pdf',
      'http://gov.example/servlet/DownFile?fileId=7',
    ]);
  });

  it('names a file as the server does', () => {
    expect(filenameOf(`attachment; filename*=UTF-8''${encodeURIComponent('年报.docx')}`)).toBe('年报.docx');
    expect(filenameOf('attachment; filename="report.pdf"')).toBe('report.pdf');
    expect(filenameOf(`attachment; filename=${Buffer.from('年报.pdf').toString('latin1')}`)).toBe('年报.pdf');
    expect(filenameOf(null)).toBeUndefined();
    expect(extensionOf('http://x/download.jsp?id=3', 'application/octet-stream', '年报.DOCX')).toBe('docx');
    expect(extensionOf('http://x/download.jsp?id=3', 'application/pdf')).toBe('pdf');
    expect(extensionOf('http://x/a/t1.shtml', 'text/html')).toBe('html');
    expect(extensionOf('http://x/f', null)).toBe('bin');
  });
});

describe('politeness', () => {
  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it('runs one task at a time per host, with the delay between, and hosts side by side', async () => {
    const queue = new HostQueue(30);
    const log: [string, number, number][] = [];
    const task = (host: string) => () =>
      new Promise<void>((r) => {
        const start = performance.now();
        setTimeout(() => (log.push([host, start, performance.now()]), r()), 5);
      });
    await Promise.all([
      queue.run('a', task('a')),
      queue.run('a', task('a')),
      queue.run('b', task('b')),
      queue.run('a', task('a')),
    ]);
    const a = log.filter(([h]) => h === 'a');
    expect(a).toHaveLength(3);
    for (let i = 1; i < a.length; i++) expect(a[i][1] - a[i - 1][2]).toBeGreaterThanOrEqual(28);
    // b did not wait for a's queue.
    expect(log.findIndex(([h]) => h === 'b')).toBeLessThan(2);
  });
});
