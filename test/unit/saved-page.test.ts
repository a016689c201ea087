import iconv from 'iconv-lite';
import libqp from 'libqp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/parse/report.js';
import { sourceLines } from '../../src/site/source.js';
import { displayLines } from '../../src/formats/display.js';
import { parseFile, parseText, REPORTS } from '../fixtures/reports.js';

const FILE = 'corpus/raw/sh_shanghai_2019_szfbgt.html';

/** The real report's markup inside the chrome a government site puts around it. */
function inChrome(body: string): string {
  return `<!doctype html><html><head><title>上海市人民政府</title></head><body>
<div class="header"><nav><ul><li><a>首页</a></li><li><a>行政许可</a></li><li><a>政府信息公开年报</a></li></ul></nav></div>
<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>
<div class="sidebar"><h3>相关链接</h3><ul><li><a>2018年上海市人民政府办公厅政府信息公开工作年度报告</a></li>
<li><a>2017年上海市财政局政府信息公开工作年度报告</a></li></ul></div>
<div class="article">${body}</div>
<div class="bdshare">分享到：微信 微博</div><p>【打印本页】【关闭窗口】</p>
<footer><p>主办单位：上海市人民政府办公厅 网站标识码：3100000091 沪ICP备05008897号</p></footer>
</body></html>`;
}

describe('a report saved with its site chrome', () => {
  it('reads the same report: chrome words are not taken for the title, agency or cells', () => {
    const clean = parseFile(FILE);
    const page = parseText(inChrome(readFileSync(join(REPORTS, FILE), 'utf8')), 'saved.html');
    expect(page.title).toBe(clean.title);
    expect([page.year, page.agency, page.region_code, page.status]).toEqual([
      clean.year,
      clean.agency,
      clean.region_code,
      clean.status,
    ]);
    expect(page.cells).toEqual(clean.cells);
    expect(page.published_on).toBe('2020-01-31');
  });
});

describe('a page written on one line (the whole report on line 4 of its file)', () => {
  it('numbers its rows as they are rebuilt, and its text on the site is those rows, not its markup', async () => {
    const r = parseFile(FILE);
    const { lines } = await sourceLines(FILE, null, REPORTS);
    expect(lines.some((l) => /<\/?(p|td|tr|table)\b/i.test(l))).toBe(false);
    // Each row of a table has a line of its own, and a cell's line is the row that holds its number.
    const granted = r.cell_lines['t3.granted.natural_person']!;
    const received = r.cell_lines['t3.new_received.natural_person']!;
    expect(granted).not.toBe(received);
    expect(lines[granted - 1]).toMatch(/予以公开/);
    expect(lines[granted - 1].split(' | ')).toContain(String(r.cells['t3.granted.natural_person']));
    expect(lines[received - 1].split(' | ')).toContain(String(r.cells['t3.new_received.natural_person']));
  });

  it('a page of 200,000 paragraphs shows each as a row of its text', async () => {
    const html = `<html><body>${Array.from({ length: 200_000 }, (_, i) => `<p>第${i + 1}段</p>`).join('')}</body></html>`;
    const rows = await displayLines(new TextEncoder().encode(html));
    expect(rows.length).toBe(200_000);
    expect(rows[199_999]).toBe('第200000段');
  });
});

/** A page as a browser saves it in one file (MHTML), the HTML part in `encoding`. */
function mht(html: string, encoding: 'qp-gbk' | 'base64-utf8'): Uint8Array {
  const boundary = '----MultipartBoundary--gongkai';
  const body =
    encoding === 'qp-gbk'
      ? libqp.wrap(libqp.encode(iconv.encode(html, 'gbk')), 76)
      : (
          Buffer.from(html, 'utf8')
            .toString('base64')
            .match(/.{1,76}/g) ?? []
        ).join('\r\n');
  const charset = encoding === 'qp-gbk' ? 'gb2312' : 'utf-8';
  const transfer = encoding === 'qp-gbk' ? 'quoted-printable' : 'base64';
  const text = [
    'From: <Saved by Blink>',
    'Subject: =?utf-8?Q?report?=',
    'MIME-Version: 1.0',
    `Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="${boundary}"`,
    '',
    `--${boundary}`,
    `Content-Type: text/html; charset="${charset}"`,
    `Content-Transfer-Encoding: ${transfer}`,
    'Content-Location: https://www.shanghai.gov.cn/nw12344/20200131/report.html',
    '',
    body,
    '',
    `--${boundary}`,
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    '',
    'iVBORw0KGgo=',
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return Buffer.from(text, 'latin1');
}

describe('a report saved as a single-file page (MHTML)', () => {
  it.each(['qp-gbk', 'base64-utf8'] as const)('reads the HTML part (%s) like the page itself', (encoding) => {
    const clean = parseFile(FILE);
    const saved = parseReport('saved.mht', mht(inChrome(readFileSync(join(REPORTS, FILE), 'utf8')), encoding));
    expect(saved.format).toBe('mht');
    expect([saved.title, saved.year, saved.agency, saved.status]).toEqual([
      clean.title,
      clean.year,
      clean.agency,
      clean.status,
    ]);
    expect(saved.cells).toEqual(clean.cells);
  });

  it('fails with a reason when the container holds no page', () => {
    const bytes = Buffer.from(
      'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n',
      'latin1',
    );
    const r = parseReport('empty.mht', bytes);
    expect([r.status, r.problems]).toEqual(['failed', ['MHT saved page with no HTML part']]);
  });
});
