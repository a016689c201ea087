import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
