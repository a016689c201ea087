/**
 * Bad and hostile input: each file ends in the data with a status and a reason while the build goes on, and
 * the site shows report text as text without running any of its markup.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData, type BuildResult } from '../../src/pipeline/build.js';
import { serve, type Served } from '../../scripts/serve.js';
import { REPORTS } from '../fixtures/reports.js';
import { buildPages, tempSite } from '../fixtures/site.js';
import { CHROMIUM, launch } from '../../scripts/chromium.js';

const site = tempSite('gongkai-hostile-');
const reports = join(site.dir, 'reports');
const seed = readFileSync(join(REPORTS, 'seeds/002_9a2759b661843b25.txt'), 'utf8');
const huaian = readFileSync(join(REPORTS, 'corpus/raw/js_huaian_2024_szf.pdf.layout.txt'), 'utf8');

const FILES: Record<string, Uint8Array | string> = {
  'gbk.txt': iconv.encode(seed.replace('栖霞市商务局', '栖霞市教育局'), 'gbk'),
  'utf16.txt': Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    iconv.encode(seed.replace('栖霞市商务局', '栖霞市民政局'), 'utf-16le'),
  ]),
  'empty.txt': '',
  'binary.doc': Uint8Array.from({ length: 8192 }, (_, i) => (i * 131 + 7) % 256),
  'images-only.html':
    '<html><body><p>某县财政局2023年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><img src="table2.png"><p>三、收到和处理政府信息公开申请情况</p><img src="table3.png"></body></html>',
  'truncated.txt': seed.slice(0, seed.indexOf('4.保护第三方合法权益')),
  'copy-a.txt': huaian,
  'copy-b.txt': huaian,
  'rival.txt': huaian.replace('3001        53', '3002        52'),
  'thousands.txt': huaian.replace('447228', '447,228').replace('3001        53', '３００１        53'),
  'identity-fails.txt': seed.replace(
    '一、\t本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0',
    '一、\t本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t9',
  ),
  'hostile.html': `<html><head><script>window.__pwned = 1; alert('x')</script></head><body onload="window.__pwned = 2">
<p>某市测试局2024年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>
<table><tr><td>第二十条第（一）项</td></tr><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td onmouseover="window.__pwned = 3"><a href="javascript:window.__pwned=4">规章</a></td><td>1</td><td>0</td><td>2</td></tr>
<tr><td>行政规范性文件</td><td><img src=x onerror="window.__pwned=5">3</td><td>0</td><td>4</td></tr></table>
<p>&lt;script&gt;window.__pwned=6&lt;/script&gt;</p><iframe src="javascript:parent.__pwned=7"></iframe></body></html>`,
};

let result: BuildResult;
let rows: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  mkdirSync(reports, { recursive: true });
  for (const [name, content] of Object.entries(FILES)) writeFileSync(join(reports, name), content);
  // 50 MB of text: too large to be one report, recorded as such without reading it into the parser.
  writeFileSync(join(reports, 'huge.txt'), Buffer.alloc(50 * 1024 * 1024, '政府信息公开工作年度报告 0 1 2 3\n'));
  result = await buildData({ reportsDir: reports, outDir: site.dataDir, csv: false });
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const all = (
    await db.runAndReadAll(`SELECT * FROM '${join(site.dataDir, 'reports.parquet')}'`)
  ).getRowObjectsJson() as Record<string, unknown>[];
  rows = Object.fromEntries(all.map((r) => [String(r.file), r]));
}, 120_000);

const problems = (f: string) => (rows[f].problems as string[]).join(' | ');

describe('bad input never stops the build and is never dropped', () => {
  it('accounts for every input file in the data and the summary', () => {
    expect(Object.keys(rows).sort()).toEqual([...Object.keys(FILES), 'huge.txt'].sort());
    expect(result.summary.files.map((f) => f.file).sort()).toEqual(Object.keys(rows).sort());
  });
  it('reads GBK and UTF-16 reports, not mojibake', () => {
    expect([rows['gbk.txt'].agency, rows['gbk.txt'].status, rows['gbk.txt'].encoding]).toEqual([
      '栖霞市教育局',
      'ok',
      'GB18030',
    ]);
    expect([rows['utf16.txt'].agency, rows['utf16.txt'].status, rows['utf16.txt'].encoding]).toEqual([
      '栖霞市民政局',
      'ok',
      'UTF-16LE',
    ]);
  });
  it('fails empty, binary, huge and image-only files, each with its reason', () => {
    expect([rows['empty.txt'].status, problems('empty.txt')]).toEqual(['failed', 'empty file']);
    expect(rows['binary.doc'].status).toBe('failed');
    expect(problems('binary.doc')).toMatch(/binary/);
    expect(rows['huge.txt'].status).toBe('failed');
    expect(problems('huge.txt')).toMatch(/too large/);
    expect(rows['images-only.html'].status).toBe('failed');
    expect(problems('images-only.html')).toMatch(/no table could be read/);
  });
  it('keeps what a truncated report has and says what is missing', () => {
    expect(rows['truncated.txt'].status).toBe('partial');
    expect(problems('truncated.txt')).toMatch(/rows not found|not found/);
    expect(rows['truncated.txt'].t3_new_received_total).toBe(0);
  });
  it('counts byte-identical copies and rival reports of one agency and year once', () => {
    const group = ['copy-a.txt', 'copy-b.txt', 'rival.txt', 'thousands.txt'].map((f) => rows[f]);
    expect(group.filter((r) => r.is_primary)).toHaveLength(1);
    for (const r of group.filter((r) => !r.is_primary))
      expect(r.duplicate_of).toBe(group.find((x) => x.is_primary)!.report_id);
  });
  it('reads thousands separators and full-width digits', () => {
    expect(rows['thousands.txt'].t2_licensing_decisions).toBe(447228);
    expect(rows['thousands.txt'].t3_new_received_natural_person).toBe(3001);
  });
  it('flags a failing identity and keeps the number as written', () => {
    expect(rows['identity-fails.txt'].status).toBe('partial');
    expect(rows['identity-fails.txt'].t3_new_received_total).toBe(9);
    expect(Number(rows['identity-fails.txt'].checks_failed)).toBeGreaterThan(0);
  });
  it('reads the numbers of hostile HTML without keeping any of its code', () => {
    const r = rows['hostile.html'];
    expect([r.t2_regulations_issued, r.t2_regulations_in_force, r.t2_normative_docs_issued]).toEqual([1, 2, 3]);
    expect(JSON.stringify(r)).not.toContain('__pwned = 1');
  });
});

describe('the site over hostile input (Chromium)', () => {
  let server: Served;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing`);
    buildPages(site, reports);
    server = await serve(site.siteDir);
  }, 300_000);
  afterAll(async () => server?.close());

  it('shows the report text as text and runs none of the markup', async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${server.url}report/${rows['hostile.html'].report_id}/`);
      await page.waitForTimeout(500);
      const source = await page.locator('pre.source').innerText();
      // A page's text is the rows its reader rebuilt: its code is left out, and text that reads as markup (the
      // escaped script in a paragraph) is shown as the characters it is.
      expect(source).toContain('<script>window.__pwned=6</script>');
      expect(source).toContain('规章 | 1 | 0 | 2');
      expect(source).not.toContain('__pwned = 1');
      await page.locator('pre.source').hover();
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(
        await page.locator('pre.source script, pre.source img, pre.source iframe, a[href^="javascript:"]').count(),
      ).toBe(0);
    } finally {
      await browser.close();
    }
  });
});
