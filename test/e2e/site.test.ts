/**
 * The built site in real headless Chromium, served on 127.0.0.1 under a sub-path (as a deployment might be),
 * with every request recorded: the run fails on any request to another origin.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { deflateSync, inflateSync } from 'node:zlib';
import { stripVTControlCharacters } from 'node:util';
import { DomUtils, parseDocument } from 'htmlparser2';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedSnippet } from '../../src/client/chart-tools.js';
import { COPY_EVIDENCE_BITS } from '../../src/domain/dataset.js';
import { messagesFromColumn, renderMessage } from '../../src/domain/messages.js';
import { SHARD_DICTIONARY, TEXTS_DICTIONARY } from '../../src/domain/preset-dictionaries.js';
import { serve, type Served } from '../../scripts/serve.js';
import { REPORTS, ROOT } from '../fixtures/reports.js';
import { buildPages, buildSiteData, tempSite } from '../fixtures/site.js';
import { CHROMIUM, launch, openPage } from '../../scripts/chromium.js';

const site = tempSite('gongkai-e2e-');
const OUT = site.siteDir;
const SHOTS = join(ROOT, 'test-artifacts/screenshots');
const BASE = '/gongkai/';
let server: Served;
let browser: Browser;
const foreign: string[] = [];
/** Anything the pages' Content-Security-Policy refused: the policy must never break the site's own code. */
const refused: string[] = [];
const summary = () => JSON.parse(readFileSync(join(site.dataDir, 'build-summary.json'), 'utf8'));
/** One number from the built Parquet, asked of DuckDB in Node: what the page must show, computed independently. */
async function fromData(sql: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const rows = (await conn.runAndReadAll(sql.replaceAll('{data}', site.dataDir))).getRows();
  conn.closeSync();
  return Number(rows[0][0]);
}
const NEW_REQUESTS_2024 = `SELECT sum(t3_new_received_total) FROM '{data}/reports.parquet' WHERE is_primary AND year = 2024`;
/** Every file of a built site, relative; host pages are written into the served site by the embed tests, not a build. */
const siteFiles = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length))
    .filter((f) => !/\/host[^/]*\.html$/.test(f))
    .sort();
/** Every file of a folder and a hash of its bytes. */
const contents = (root: string): Record<string, string> =>
  Object.fromEntries(
    siteFiles(root).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(root, f)))
        .digest('hex'),
    ]),
  );
/** A folder's tree of hard links to its files, as a site retired by a build shares the files it did not change. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true }))
    if (e.isDirectory()) linkTree(join(from, e.name), join(to, e.name));
    else linkSync(join(from, e.name), join(to, e.name));
}
/** The report id of the file whose path contains `part`, from the published reports table. */
async function fileId(part: string): Promise<string> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const rows = (
    await conn.runAndReadAll(
      `SELECT report_id FROM '${site.dataDir}/reports.parquet' WHERE contains(file, $1) ORDER BY file`,
      [part],
    )
  ).getRows();
  conn.closeSync();
  return String(rows[0][0]);
}

/**
 * Runs of three or more ordinary English words in the visible text of a page, outside elements marked English
 * (`lang="en"`), code and form fields: what a Chinese page must not show. Acronyms (PNG, SQL, OCR) are not words
 * here. Runs in the browser, so it is self-contained.
 */
function latinRuns(): string[] {
  const out: string[] = [];
  const skip = (el: Element | null): boolean => {
    for (let e = el; e; e = e.parentElement) {
      if (/^(CODE|PRE|SCRIPT|STYLE|TEXTAREA|KBD|SAMP|SVG|NOSCRIPT)$/i.test(e.tagName)) return true;
      const lang = e.getAttribute('lang');
      if (lang && e !== document.documentElement) return lang.startsWith('en');
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || skip(el) || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    // File paths and addresses are names, not sentences.
    const text = (n.textContent ?? '').replace(/\S*[/\\]\S*|\S+\.(txt|pdf|html?|csv|parquet|json|gz|docx?)\b/g, ' ');
    const run = /\b[A-Za-z]*[a-z][A-Za-z’'-]*(?:[\s,;:()·]+[A-Za-z]*[a-z][A-Za-z’'-]*){2,}/.exec(text);
    if (run) out.push(run[0]);
  }
  return out;
}

async function open(path: string, viewport?: { width: number; height: number }, options?: BrowserContextOptions) {
  const rec = await openPage(browser, server.url.replace(/\/gongkai\/$/, ''), viewport, options);
  const origin = new URL(server.url).origin;
  rec.page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(`${path}: ${m.text()}`);
  });
  rec.page.context().on('request', (r) => {
    if (!r.url().startsWith(origin) && !/^(data|blob|about):/.test(r.url())) foreign.push(r.url());
  });
  await rec.page.goto(server.url + path);
  return rec;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  await buildSiteData(site, REPORTS);
  buildPages(site, REPORTS, BASE);
  mkdirSync(SHOTS, { recursive: true });
  server = await serve(OUT, BASE);
  browser = await launch();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the built site', () => {
  it('overview shows charts drawn from the built data, prerendered (no WebAssembly needed)', async () => {
    const { page, requests } = await open('');
    const bars = page.locator('figure[data-chart="requests"] svg rect[data-value]');
    expect(await bars.count()).toBeGreaterThan(0);
    const values = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(values).toContain(await fromData(NEW_REQUESTS_2024)); // 2024: 淮安 3119, 平潭 and its departments
    const files = await fromData(`SELECT count(*) FROM '{data}/reports.parquet'`);
    expect(await page.locator('#coverage').innerText()).toContain(String(files)); // every file, the 淮安 PDF included
    expect(requests.some((r) => r.url().endsWith('.wasm'))).toBe(false);
    for (const fig of await page.locator('figure[data-chart]').all())
      expect(await fig.locator('details table').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'home-desktop.png'), fullPage: true });
    const phone = await open('', { width: 390, height: 844 });
    await phone.page.screenshot({ path: join(SHOTS, 'home-phone.png'), fullPage: true });
  });

  it('/region/370686/ shows 栖霞市商务局 2023, with breadcrumbs up to the province', async () => {
    const { page } = await open('region/370686/');
    await expect.poll(() => page.locator('h1').innerText()).toContain('栖霞市');
    expect(await page.locator('nav[aria-label="breadcrumb"]').innerText()).toMatch(/山东省.*烟台市.*栖霞市/);
    const row = page.locator('section[aria-labelledby="agencies-h"] table tr', { hasText: '栖霞市商务局' });
    expect(await row.innerText()).toContain('2023');
    await page.screenshot({ path: join(SHOTS, 'county-desktop.png'), fullPage: true });
    const phone = await open('region/370686/', { width: 390, height: 844 });
    await phone.page.screenshot({ path: join(SHOTS, 'county-phone.png'), fullPage: true });
  });

  it('a county with one year of reports says its numbers in sentences; a rate shows its n and interval', async () => {
    // 栖霞市 has one year: each chart is a sentence stating that year's figures, not empty axes.
    const { page } = await open('region/370686/');
    const requests = page.locator('figure[data-chart="requests"]');
    expect(await requests.locator('svg').count()).toBe(0);
    const said = await fromData(
      `SELECT sum(t3_new_received_total) FROM '{data}/reports.parquet' WHERE is_primary AND county_code = '370686' AND year = 2023`,
    );
    expect(await requests.locator('[data-testid="chart-sentence"] t-zh').innerText()).toContain(
      `2023 年：本年新收申请 ${said} 件`,
    );
    // 平潭 has years of review cases: the correction rate is drawn with its 95% interval, its table gives n.
    const pingtan = await open('region/350128/');
    const rates = pingtan.page.locator('figure[data-chart="correction"]');
    expect(await rates.locator('svg path.interval').count()).toBeGreaterThan(0);
    const n = await fromData(
      `SELECT sum(coalesce(t4_review_corrected, 0) + coalesce(t4_review_upheld, 0) + coalesce(t4_review_other, 0)) FROM '{data}/reports.parquet' WHERE is_primary AND county_code = '350128' AND year = 2024`,
    );
    const row2024 = rates.locator('details table tr', { hasText: '2024' });
    expect(await row2024.locator('td').first().textContent()).toContain(`n=${n}`);
  });

  it('an agency page links each number to the source line that holds it', async () => {
    const { page } = await open('region/320800/');
    await page.locator('a', { hasText: '淮安市人民政府' }).first().click();
    await page.waitForLoadState('load');
    const link = page.locator('td[data-key="t3.new_received.total"] a').first();
    expect(await link.innerText()).toBe('3,119');
    const hash = (await link.getAttribute('href'))!;
    await link.click();
    const line = page.locator(hash);
    await expect.poll(() => line.isVisible()).toBe(true);
    expect(await line.innerText()).toContain('3119');
    expect(await page.locator('text=勾稽关系检验').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'agency-desktop.png') });
  });

  it('a page’s text is the rows its reader rebuilt, a numbered line each: no markup, shown or run', async () => {
    const id = await fileId('sh_shanghai_2019');
    const { page } = await open(`report/${id}/`);
    const source = await page.locator('pre.source').innerText();
    expect(source).not.toMatch(/<\/?(table|tr|td|p)\b/);
    expect(await page.locator('pre.source table').count()).toBe(0);
    // The file writes the whole report on its line 4; the 予以公开 row is a line of its own, the one its cells cite.
    expect(await page.locator('pre.source .ln').count()).toBeGreaterThan(40);
    expect(await page.locator(`#src-${id}-L42`).innerText()).toMatch(/^三、本年度办理结果 \| \(一\)予以公开 \| 258 \|/);
  });

  it('a report page says when the page published the report', async () => {
    const id = await fileId('sh_shanghai_2019');
    const { page } = await open(`report/${id}/`);
    expect(await page.locator('article header').innerText()).toMatch(/发布日期\s*:\s*2020-01-31/);
  });

  it('a body page draws its chart and every year’s tables from its shard', async () => {
    const { page, requests } = await open('agency/350128-government/');
    await expect.poll(() => page.locator('#body-detail article').count(), { timeout: 20_000 }).toBe(5);
    expect(
      await page.locator('#body-detail figure[data-chart="requests"] svg rect[data-value]').count(),
    ).toBeGreaterThan(0);
    expect(requests.filter((r) => r.url().includes('/data/bodies/350128-government.json.zlib')).length).toBe(1);
    // The texts are fetched only when a reader opens one.
    expect(requests.some((r) => r.url().includes('/data/texts/'))).toBe(false);
    // A 平潭 department is drawn against its peers: the county departments of 福建, median and quartiles by year.
    const department = await open('agency/350128-gonganju/');
    const band = department.page.locator('#body-detail figure[data-chart="requests"] svg path.peer-band');
    await expect.poll(() => band.count(), { timeout: 20_000 }).toBe(1);
    const peers = await fromData(
      `SELECT count(DISTINCT r.agency_id) FROM '{data}/reports.parquet' r JOIN '{data}/agencies.parquet' a ON a.id = r.agency_id
       WHERE r.is_primary AND r.year = 2024 AND a.level = 'county' AND a.kind = 'department' AND r.region_code LIKE '35%' AND r.t3_new_received_total IS NOT NULL`,
    );
    expect(await band.locator('title').textContent()).toContain(`n=${peers}`);
    // A report's status is a sign in its row; the legend says in words each sign the table uses, and no other.
    const statuses = await page.locator('[data-testid="body-figures"] tbody td:last-child').allInnerTexts();
    const legend = await page.locator('.figures-legend').innerText();
    for (const sign of ['✓', '△', '✗'])
      expect(legend.includes(`${sign} `), sign).toBe(statuses.some((s) => s.startsWith(sign)));
    // The prerendered page is thin: the key figures, not the tables.
    const html = readFileSync(join(OUT, 'agency/350128-government/index.html'));
    expect(html.byteLength).toBeLessThan(12_000);
    expect(html.toString()).not.toContain('勾稽关系检验');
  });

  it('a body page whose shard is missing or broken says so and keeps its prerendered figures', async () => {
    const shardBytes = readFileSync(join(OUT, 'data/bodies/350128-government.json.zlib'));
    const shardJson = inflateSync(shardBytes, { dictionary: SHARD_DICTIONARY });
    const flipped = Buffer.from(shardBytes);
    flipped[flipped.length - 10] ^= 0x55;
    for (const broken of [
      { status: 404, body: 'not found' },
      { status: 200, body: '{"trunc' },
      // Cut off in transfer: the stream ends early.
      { status: 200, body: shardBytes.subarray(0, 40), why: /ends early/ },
      // One byte changed: the checksum says so, rather than the page showing other numbers.
      { status: 200, body: flipped, why: /incorrect data check|invalid/ },
      // Packed with another dictionary (a file left from another build).
      { status: 200, body: deflateSync(shardJson, { dictionary: TEXTS_DICTIONARY }), why: /another dictionary/ },
    ]) {
      const rec = await openPage(browser, server.url.replace(/\/gongkai\/$/, ''));
      const { status, body } = broken;
      await rec.page.route('**/data/bodies/350128-government.json*', (route) => route.fulfill({ status, body }));
      await rec.page.goto(server.url + 'agency/350128-government/');
      await expect.poll(() => rec.page.locator('[data-testid="shard-error"]').count(), { timeout: 20_000 }).toBe(1);
      const error = await rec.page.locator('[data-testid="shard-error"]').innerText();
      expect(error).toMatch(/未能载入完整表格/);
      if (broken.why) expect(error).toMatch(broken.why);
      expect(await rec.page.locator('[data-testid="body-figures"] tbody tr').count()).toBe(5);
      await rec.page.close();
    }
  });

  it('a body page fetches its texts once, when a number asks for its line', async () => {
    const rec = await openPage(browser, server.url.replace(/\/gongkai\/$/, ''));
    await rec.page.goto(server.url + 'agency/350128-government/');
    await expect.poll(() => rec.page.locator('#body-detail article').count(), { timeout: 20_000 }).toBe(5);
    // A row's report link names the report (#report-<id>).
    const reportId = (
      await rec.page.locator('[data-testid="body-figures"] tbody tr a').first().getAttribute('href')
    )?.replace(/^#report-/, '');
    await rec.page.goto(server.url + `agency/350128-government/#src-${reportId}-L3`);
    const line = rec.page.locator(`#src-${reportId}-L3`);
    await expect.poll(() => line.count(), { timeout: 20_000 }).toBe(1);
    expect((await line.innerText()).trim().length).toBeGreaterThan(0);
    // Another report's text comes from the same file, already fetched.
    await rec.page.locator('details.source-text').nth(1).locator('summary').click();
    await expect.poll(() => rec.page.locator('details.source-text').nth(1).locator('.ln').count()).toBeGreaterThan(3);
    expect(rec.requests.filter((r) => r.url().includes('/data/texts/350128-government.json.zlib')).length).toBe(1);
    await rec.page.close();
  });

  it('平潭综合实验区 is one body with its five years, and its region page says who published each year', async () => {
    const { page } = await open('agency/350128-government/');
    const years = await page.locator('table.report').first().locator('tbody tr td:first-child').allInnerTexts();
    expect(years).toEqual(['2019', '2020', '2021', '2023', '2024']);
    // Said in the prerendered page, then year by year from the shard.
    expect(await page.locator('[data-testid="publication-summary"]').innerText()).toContain(
      '未找到 2022、2025 年度的报告',
    );
    await expect
      .poll(() => page.locator('tr[data-status="not_found"] td:first-child').allInnerTexts(), { timeout: 20_000 })
      .toEqual(['2022', '2025']);
    const region = (await open('region/350128/')).page;
    const expected = await fromData(
      `SELECT count(*) FILTER (WHERE p.status <> 'not_found') FROM '{data}/publications.parquet' p
       JOIN '{data}/agencies.parquet' a ON a.id = p.agency_id WHERE a.region_code = '350128' AND p.year = 2023`,
    );
    const row = region.locator('[data-testid="coverage"] tr[data-year="2023"] td');
    expect(await row.nth(1).innerText()).toMatch(new RegExp(`^${expected} / 18$`));
    expect(await row.nth(3).innerText()).toContain('平潭综合实验区公安局');
    // Each body's latest status is a sign, as on a body page; the legend under the list says the signs it uses.
    const statusCells = await region
      .locator('table', { has: region.locator('th', { hasText: '最近新收申请' }) })
      .locator('tbody td:last-child')
      .allInnerTexts();
    const signs = statusCells.map((s) => s.replace(/\s+/g, ' ').trim());
    expect(signs.length).toBe(18);
    for (const sign of signs) expect(sign).toMatch(/^[✓△✗]( !)?$/);
    const bodiesLegend = await region.locator('[data-testid="bodies-legend"]').innerText();
    for (const sign of ['✓', '△', '✗'])
      expect(bodiesLegend.includes(`${sign} `), sign).toBe(signs.some((s) => s.startsWith(sign)));
    expect(bodiesLegend.includes('!')).toBe(signs.some((s) => s.endsWith('!')));
  });

  it('compare returns 淮安 2024 new requests 3119 from the static series and shards, without the engine', async () => {
    const body = 'a:320800-renminzhengfu';
    const { page, requests } = await open(
      `compare/?items=r:320800,${body}&metric=requests_new&years=2024-2024&chart=bar`,
    );
    const cell = page.locator('[data-testid="compare-table"] td[data-year="2024"]');
    await expect.poll(() => cell.first().innerText(), { timeout: 30_000 }).toBe('3,119');
    expect(await cell.count()).toBe(2);
    // One year is said in a sentence rather than drawn as two lone bars.
    expect(await page.locator('figure[data-chart="compare"] [data-testid="chart-sentence"]').innerText()).toContain(
      '3,119',
    );
    // The first chart needs neither the database engine nor the Parquet files.
    expect(requests.some((r) => /\.(wasm|parquet)$/.test(r.url()))).toBe(false);
    expect(requests.some((r) => r.url().includes('/data/bodies/320800-renminzhengfu.json.zlib'))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'compare-desktop.png') });
  });

  it('a select’s options speak the page’s language, and switch with it', async () => {
    const { page } = await open('compare/');
    const option = () => page.locator('#cmp-metric option[value="requests_new"]').textContent();
    expect(await option()).toBe('本年新收申请');
    await page.click('#lang-switch');
    await expect.poll(option).toBe('New requests received');
  });

  it('compare search finds a body by pinyin', async () => {
    const { page } = await open('compare/');
    await page.locator('#cmp-search').fill('qixia');
    await expect.poll(() => page.locator('#cmp-options li').first().innerText()).toContain('栖霞');
  });

  it('explore reads the cells and checks of every province, published one file each', async () => {
    const cellsSql =
      'SELECT count(*) AS n, count(DISTINCT left(region_code, 2)) AS provinces, count(*) FILTER (WHERE region_code IS NULL) AS unplaced FROM cells';
    const { page, requests } = await open(`explore/?sql=${encodeURIComponent(cellsSql)}`);
    await page.locator('#ex-run').click();
    const value = (col: string) => page.locator(`[data-testid="explore-result"] td[data-col="${col}"]`).innerText();
    const cells = await fromData(`SELECT count(*) FROM '{data}/cells/*.parquet'`);
    const provinces = await fromData(`SELECT count(DISTINCT left(region_code, 2)) FROM '{data}/cells/*.parquet'`);
    expect(provinces).toBeGreaterThan(1);
    await expect.poll(() => value('n'), { timeout: 30_000 }).toBe(String(cells));
    expect(await value('provinces')).toBe(String(provinces));
    expect(Number(await value('unplaced'))).toBeGreaterThan(0);
    // Each province's file is its own request on this origin: cells/35.parquet holds 平潭's.
    expect(requests.some((r) => r.url().endsWith('data/cells/35.parquet'))).toBe(true);
    const failing = `SELECT count(*) AS n FROM checks WHERE NOT ok`;
    await page.locator('#ex-sql').fill(failing);
    await page.locator('#ex-run').click();
    await expect
      .poll(() => value('n'), { timeout: 30_000 })
      .toBe(String(await fromData(`SELECT count(*) FROM '{data}/checks/*.parquet' WHERE NOT ok`)));
  });

  it('explore runs read-only SQL and refuses writes', async () => {
    const sql =
      "SELECT sum(t3_new_received_total) AS n FROM reports WHERE is_primary AND year = 2024 AND city_code = '320800'";
    const { page, requests } = await open(`explore/?sql=${encodeURIComponent(sql)}`);
    const cell = page.locator('[data-testid="explore-result"] td[data-col="n"]');
    // A link's own SQL waits for the reader: it fills the box and says so, and nothing is queried yet.
    expect(await page.locator('#ex-sql').inputValue()).toBe(sql);
    await expect.poll(() => page.locator('#ex-status-line').innerText()).toMatch(/请先阅读|read it/);
    expect(requests.some((r) => r.url().endsWith('.parquet'))).toBe(false);
    await page.locator('#ex-run').click();
    await expect.poll(() => cell.innerText(), { timeout: 30_000 }).toBe('3119');
    // Its result is marked as the reader's own query, not Gongkai's figures.
    expect(await page.locator('[data-testid="own-query"]').isVisible()).toBe(true);
    // Parquet is read with HTTP range requests from this origin.
    expect(requests.some((r) => r.url().endsWith('reports.parquet'))).toBe(true);
    await page.locator('#ex-sql').fill("COPY reports TO 'x.csv'");
    await page.locator('#ex-run').click();
    await expect.poll(() => page.locator('#ex-status-line').innerText()).toMatch(/✗/);
    // A URL built at run time cannot reach another server: file and URL functions are refused before running.
    const before = requests.length;
    for (const hostile of [
      "SELECT * FROM read_csv_auto('htt' || 'p://192.0.2.1/x.csv')",
      "SELECT * FROM read_parquet(concat('http://', '192.0.2.1', '/x.parquet'))",
      "SELECT * FROM read_csv(lower('HTTP://192.0.2.1/X.CSV'))",
      "SELECT * FROM parquet_scan('ht' || 'tp://192.0.2.1/y.parquet')",
    ]) {
      await page.locator('#ex-status-line').evaluate((e) => (e.textContent = ''));
      await page.locator('#ex-sql').fill(hostile);
      await page.locator('#ex-run').click();
      await expect
        .poll(() => page.locator('#ex-status-line').innerText())
        .toMatch(/✗ 只能读取本站的数据表|✗ only the site’s own tables/);
    }
    expect(requests.slice(before).some((r) => r.url().includes('192.0.2.1'))).toBe(false);
    // The CSV of a reader's own query says what it is, with its SQL.
    await page.locator('#ex-sql').fill(sql);
    await page.locator('#ex-run').click();
    await expect.poll(() => cell.innerText(), { timeout: 30_000 }).toBe('3119');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ex-csv').click()]);
    expect(download.suggestedFilename()).toBe('gongkai-custom-query.csv');
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toContain('# 自定义查询结果 · 非 Gongkai 汇总');
    expect(text).toContain('3119');
    await page.screenshot({ path: join(SHOTS, 'explore-desktop.png') });
  });

  it('the query engine itself cannot reach a second origin, whatever SQL it is given', async () => {
    // A second server on this machine, counting every request that reaches it.
    const hits: string[] = [];
    const other = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.end('a,b\n1,2\n');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/x.csv`;
    // Its own context: the refused attempt below is the point of this test, not a leak for the site-wide check.
    const { page } = await openPage(browser, server.url.replace(/\/gongkai\/$/, ''));
    await page.goto(`${server.url}explore/?metric=requests_new&group=year`);
    await expect
      .poll(() => page.locator('[data-testid="explore-result"] td').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // The engine's worker runs under the page's policy: a request from inside it, as DuckDB's HTTP reader
    // would make for a URL built at run time, is refused by the browser before it leaves.
    const workers = page.workers();
    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) {
      expect(w.url()).toMatch(/^blob:/);
      const outcome = await w.evaluate(
        (url) =>
          new Promise<string>((done) => {
            const xhr = new XMLHttpRequest();
            xhr.open('GET', url);
            xhr.onload = () => done('fetched');
            xhr.onerror = () => done('refused');
            try {
              xhr.send();
            } catch {
              done('refused');
            }
          }),
        otherUrl,
      );
      expect(outcome).toBe('refused');
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(hits).toEqual([]);
    await new Promise<void>((r) => other.close(() => r()));
  });

  it('explore refuses data from another build than the page, and says to reload', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'gongkai-other-build-'));
    const file = join(parent, 'reports.parquet');
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run(
      `COPY (SELECT * FROM '${site.dataDir}/reports.parquet') TO '${file}' (FORMAT parquet, KV_METADATA {gongkai_build: 'another-build'})`,
    );
    conn.closeSync();
    const { page } = await open('explore/');
    await page.route('**/data/reports.parquet', (route) => route.fulfill({ body: readFileSync(file) }));
    await page.locator('#ex-run').click();
    await expect
      .poll(() => page.locator('#ex-status-line').innerText(), { timeout: 30_000 })
      .toMatch(/不是同一次构建：请刷新页面/);
    expect(await page.locator('[data-testid="explore-result"] td').count()).toBe(0);
    rmSync(parent, { recursive: true, force: true });
  });

  it('explore builder runs its query with bound values and shows it as readable SQL', async () => {
    const { page } = await open('explore/?metric=requests_new&group=year&years=2024-2024');
    const cell = page.locator('[data-testid="explore-result"] td[data-col="requests_new"]');
    const expected = String(await fromData(NEW_REQUESTS_2024));
    await expect.poll(() => cell.first().innerText(), { timeout: 30_000 }).toBe(expected);
    expect(await page.locator('#ex-sql').inputValue()).toContain('year >= 2024 AND year <= 2024');
    expect(await page.locator('[data-testid="own-query"]').isVisible()).toBe(false);
  });

  it('an embedded chart posts its height (Datawrapper convention) and the snippet resizes its iframe', async () => {
    const src = `${server.url}embed/?region=320800&chart=requests`;
    writeFileSync(
      join(OUT, 'host.html'),
      `<!doctype html><html><body><h1>News article</h1>${embedSnippet(src, 'test', 'x1')}</body></html>`,
    );
    const { page } = await open('host.html');
    const frame = page.locator('iframe');
    await expect
      .poll(
        async () => Number((await frame.evaluate((f) => (f as HTMLIFrameElement).style.height)).replace('px', '')),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(200);
    const inner = page.frameLocator('iframe');
    expect(await inner.locator('svg rect[data-value="3119"]').count()).toBe(1);
  });

  it('the embed code of a line view draws lines in the article', async () => {
    // 平潭: years enough for a chart (淮安's single year is a sentence).
    const { page } = await open('region/350128/?type=line');
    const fig = page.locator('figure[data-chart="requests"]');
    // The page redraws its chart as the view asks…
    await expect.poll(() => fig.locator('svg rect[data-value]').count()).toBe(0);
    const point = `svg g[data-series="0"][data-year="2024"][data-value="${await fig.locator('svg g[data-series="0"][data-year="2024"]').getAttribute('data-value')}"]`;
    expect(await fig.locator(point).count()).toBe(1);
    // …and the embed code carries the view into the article.
    await fig.locator('button[data-action="embed"]').click();
    const code = await fig.locator('textarea.embed-code').inputValue();
    const src = new URL(code.match(/src="([^"]+)"/)![1].replace(/&amp;/g, '&'));
    expect(src.searchParams.get('type')).toBe('line');
    expect(src.searchParams.get('chart')).toBe('requests');
    writeFileSync(join(OUT, 'host-line.html'), `<!doctype html><html><body><h1>News article</h1>${code}</body></html>`);
    const host = await open('host-line.html');
    const inner = host.page.frameLocator('iframe');
    await expect.poll(() => inner.locator(point).count(), { timeout: 20_000 }).toBe(1);
    expect(await inner.locator('svg rect[data-value]').count()).toBe(0);
  });

  it('keyboard reaches the controls; the language switch shows English', async () => {
    const { page } = await open('region/350128/');
    await page.keyboard.press('Tab');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      reached = await page.evaluate(() => document.activeElement?.id === 'lang-switch');
      if (!reached) await page.keyboard.press('Tab');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.documentElement.classList.contains('en'))).toBe(true);
    expect(await page.locator('h1 t-en').isVisible()).toBe(true);
    expect(await page.locator('figure[data-chart="requests"] svg title').first().textContent()).toContain('Requests');
  });

  it('an unknown address gets the site’s own 404 page; an embed of an unknown region or chart says so, without buttons', async () => {
    const { page } = await open('agency/no-such-body/');
    expect(await page.locator('h1').first().innerText()).toContain('找不到这个页面');
    expect(await page.locator('a[href$="/regions/"]').count()).toBeGreaterThan(0);
    expect((await page.request.get(server.url + 'agency/no-such-body/')).status()).toBe(404);
    const region = (await open('embed/?region=999999&chart=requests')).page;
    await expect.poll(() => region.locator('.chart-svg').innerText()).toBe('没有“999999”的数据。');
    expect(await region.locator('[data-action]').count()).toBe(0);
    const chart = (await open('embed/?region=320800&chart=nosuch&lang=en')).page;
    await expect
      .poll(() => chart.locator('.chart-svg').innerText())
      .toMatch(/^No chart called “nosuch”; available: requests/);
    expect(await chart.locator('[data-action]').count()).toBe(0);
  });

  it('every page sets a Content-Security-Policy that keeps it on its own origin, and the site never trips it', async () => {
    const { page } = await open('region/350128/');
    const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    // A region page names the version of its own data (the digest that keys it in incremental builds)…
    expect(await page.locator('footer code[data-build]').innerText()).toMatch(/^[0-9a-f]{16}$/);
    // …explore, which queries the Parquet, the data build, the id every Parquet file of that build carries.
    const explore = await open('explore/');
    expect(await explore.page.locator('footer code[data-build]').innerText()).toBe(summary().build_id);
    expect(refused).toEqual([]);
  });

  it('a region page lists its copied reports in a table, each linked to the report whose numbers it repeats', async () => {
    // Another 平潭 body's 2024 report with the 公安局's tables, number for number (39 bits: no chance match).
    const copies = tempSite('gongkai-e2e-copies-');
    const reports = join(copies.dir, 'reports');
    mkdirSync(reports);
    const original = readFileSync(join(REPORTS, 'pingtan', '2024_gonganju.txt'), 'utf8');
    writeFileSync(join(reports, '2024_gonganju.txt'), original);
    writeFileSync(join(reports, '2024_tongjiju.txt'), original.replaceAll('公安局', '统计局'));
    await buildSiteData(copies, reports);
    buildPages(copies, reports, BASE);
    const html = parseDocument(readFileSync(join(copies.siteDir, 'region/350128/index.html'), 'utf8'));
    // The reader is told the rule, with the bars the build used.
    const rule = DomUtils.textContent(
      DomUtils.findOne((e) => e.attribs['data-testid'] === 'copies-rule', html.children)!,
    );
    for (const bits of Object.values(COPY_EVIDENCE_BITS)) expect(rule).toContain(`不少于 ${bits}`);
    const table = DomUtils.findOne((e) => e.attribs['data-testid'] === 'copies', html.children)!;
    const rows = DomUtils.getElementsByTagName('tr', table).slice(1);
    expect(rows).toHaveLength(1);
    const [copy, original2] = DomUtils.getElementsByTagName('a', rows[0]);
    expect(DomUtils.textContent(copy)).toMatch(/统计局 2024/);
    expect(DomUtils.textContent(original2)).toMatch(/公安局 2024/);
    // Each link is a report page the site has.
    for (const a of [copy, original2])
      expect(existsSync(join(copies.siteDir, a.attribs.href.replace(BASE, ''), 'index.html')), a.attribs.href).toBe(
        true,
      );
    rmSync(copies.dir, { recursive: true, force: true });
  }, 180_000);

  it('two builds of the same data give a byte-identical site', () => {
    const again = { ...site, siteDir: join(site.dir, 'site-again') };
    buildPages(again, REPORTS, BASE);
    const a = siteFiles(OUT);
    expect(siteFiles(again.siteDir)).toEqual(a);
    const differ = a.filter((f) => !readFileSync(join(OUT, f)).equals(readFileSync(join(again.siteDir, f))));
    expect(differ).toEqual([]);
  }, 120_000);

  it('a rebuild after one report changed writes only what changed and equals a full build of the new data', async () => {
    // The new data: one 平潭 report with another number.
    const reports = join(site.dir, 'reports-changed');
    cpSync(REPORTS, reports, { recursive: true });
    const file = join(reports, 'pingtan', '2023_caizhengjinrongju.txt');
    const text = readFileSync(file, 'utf8');
    const changed = text.replace(
      /(本年新收政府信息公开申请数量[^\d]*)(\d+)/,
      (_m, a: string, n: string) => `${a}${Number(n) + 1}`,
    );
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    const next = tempSite('gongkai-e2e-next-');
    await buildSiteData(next, reports);
    // Incremental: over a copy of the published site, which the build reuses.
    const incremental = { ...next, siteDir: join(next.dir, 'site-incremental') };
    cpSync(OUT, incremental.siteDir, { recursive: true });
    // With the published site's incremental cache, which lives beside it.
    cpSync(join(site.dir, '.site-astro-cache'), join(next.dir, '.site-incremental-astro-cache'), { recursive: true });
    // The site before last, retired beside it (pipeline/publish.ts) as a weekly rebuild finds it: the published
    // site's own files (hard links: the changed body's page must be replaced, never written through the inode it
    // shares with the published page), but for one body's page, which that build drew otherwise, and a body since
    // gone.
    const retired = `${incremental.siteDir}.retired`;
    linkTree(incremental.siteDir, retired);
    const recordFile = join(retired, 'data/bodies/buckets.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as Record<
      string,
      { bodies: Record<string, { key: string; files: Record<string, string> }> }
    >;
    const bucket = Object.values(record)[0];
    const stalePage = `agency/${Object.keys(bucket.bodies)[0]}/index.html`;
    rmSync(join(retired, stalePage));
    writeFileSync(join(retired, stalePage), 'a page the site before last drew otherwise');
    Object.values(bucket.bodies)[0].files[stalePage] = 'drawn-otherwise';
    mkdirSync(join(retired, 'agency/gone'));
    writeFileSync(join(retired, 'agency/gone/index.html'), 'a body no longer in the data');
    bucket.bodies.gone = { key: 'gone', files: { 'agency/gone/index.html': 'gone' } };
    rmSync(recordFile);
    writeFileSync(recordFile, JSON.stringify(record));
    const publishedBefore = contents(incremental.siteDir);
    const said = buildPages(incremental, reports, BASE);
    // Most body files were kept as the site before last left them, not linked again one by one.
    const kept = Number(said.match(/(\d+) files kept as the site before last left them/)![1]);
    // The published site, retired by the swap, holds what it held: nothing was written through a file it shares.
    expect(contents(retired)).toEqual(publishedBefore);
    const [, written, reused] = said.match(/(\d+) files written, (\d+) unchanged/)!.map(Number);
    // Astro renders again only the pages of the changed report's region and its parents (and the few pages
    // without a key); every other region page and series file comes from the cache.
    const pagesOf = (log: string) =>
      log
        .match(/pages: (\d+) rendered, (\d+) unchanged/)!
        .slice(1)
        .map(Number);
    // The changed body's shard and page, the changed report's text, and the shards and pages of its peers (their
    // band moved with its number: county departments of 福建); everything else linked.
    const peers = await fromData(
      `SELECT count(*) FROM '{data}/agencies.parquet' WHERE level = 'county' AND kind = 'department' AND region_code LIKE '35%'`,
    );
    expect(written).toBeGreaterThanOrEqual(3);
    // Provinces other than 福建 had nothing changed: their files were linked whole, their rows never read.
    const provinces = readdirSync(join(OUT, 'agency'))
      .filter((id) => !id.startsWith('35'))
      .map((id) => id.slice(0, 2))
      .filter((p, i, all) => all.indexOf(p) === i).length;
    expect(Number(said.match(/\((\d+) provinces unchanged/)![1])).toBe(provinces);
    expect(written).toBeLessThanOrEqual(2 * peers + 1);
    // Every body file was either linked or written, and most were linked.
    const buckets = JSON.parse(readFileSync(join(incremental.siteDir, 'data/bodies/buckets.json'), 'utf8')) as Record<
      string,
      { bodies: Record<string, { files: object }> }
    >;
    const bodies = Object.values(buckets).flatMap((b) => Object.values(b.bodies));
    expect(reused + written).toBe(bodies.reduce((n, b) => n + Object.keys(b.files).length, 0));
    // Only the changed body and its peers were read and drawn; every other body was linked without a read.
    const drawn = Number(said.match(/\((\d+) read and drawn/)![1]);
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(drawn).toBeLessThanOrEqual(peers + 1);
    expect(reused).toBeGreaterThan(2 * written);
    expect(kept).toBeGreaterThan(reused / 2);
    const full = { ...next, siteDir: join(next.dir, 'site-full') };
    const [all, none] = pagesOf(buildPages(full, reports, BASE));
    expect(none).toBe(0);
    const [rendered, cached] = pagesOf(said);
    expect(rendered + cached).toBe(all);
    expect(rendered).toBeLessThan(all / 4);
    // The search file of the changed report's province is made again; another province's comes from the cache.
    // (Astro colours its lines when it thinks it may, as under CI.)
    const routes = stripVTControlCharacters(said);
    expect(routes).toMatch(/\/search\/bodies-35\.json\.zlib \(\+/);
    expect(routes).toMatch(/\/search\/bodies-37\.json\.zlib \((cached|restored)\)/);
    const files = siteFiles(full.siteDir);
    expect(siteFiles(incremental.siteDir)).toEqual(files);
    expect(
      files.filter((f) => !readFileSync(join(full.siteDir, f)).equals(readFileSync(join(incremental.siteDir, f)))),
    ).toEqual([]);
    rmSync(next.dir, { recursive: true, force: true });
  }, 300_000);

  it('a Chinese page shows no English sentence, and the language switch shows the English one', async () => {
    // A report with problems and a failing identity, and the body it belongs to.
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const [report] = (
      await conn.runAndReadAll(
        `SELECT report_id, agency_id, messages FROM '${site.dataDir}/reports.parquet'
         WHERE is_primary AND agency_id IS NOT NULL AND checks_failed > 0
           AND list_contains(list_transform(messages, m -> json_extract_string(m, '$.code')), 'row.ambiguous')
         ORDER BY file LIMIT 1`,
      )
    ).getRowObjectsJS() as { report_id: string; agency_id: string; messages: string[] }[];
    conn.closeSync();
    expect(report).toBeDefined();
    const messages = messagesFromColumn(report.messages);
    const pages: { path: string; ready: (p: Page) => Promise<void> }[] = [
      { path: '', ready: async () => {} },
      { path: 'region/370686/', ready: async () => {} },
      {
        path: `agency/${report.agency_id}/`,
        ready: (p) =>
          expect
            .poll(() => p.locator('#body-detail [data-testid="problems"]').count(), { timeout: 20_000 })
            .toBeGreaterThan(0),
      },
      { path: `report/${report.report_id}/`, ready: async () => {} },
      {
        path: 'compare/?items=r:320800,a:320800-renminzhengfu&metric=requests_new&years=2024-2024&chart=bar',
        ready: (p) =>
          expect
            .poll(() => p.locator('[data-testid="compare-table"] td').count(), { timeout: 30_000 })
            .toBeGreaterThan(0),
      },
      {
        path: 'explore/',
        ready: async (p) => {
          // An error from the SQL guard is one of the sentences the page must say in its language.
          await p.locator('#ex-sql').fill("COPY reports TO 'x.csv'");
          await p.locator('#ex-run').click();
          await expect.poll(() => p.locator('#ex-status-line').innerText()).toMatch(/✗/);
        },
      },
      { path: 'data/', ready: async () => {} },
    ];
    // The detector itself: it sees an English sentence, and not one marked English.
    const probe = (await open('')).page;
    await probe.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'probe';
      p.textContent = 'cells ambiguous; left null';
      document.body.append(p);
    });
    expect(await probe.evaluate(latinRuns)).toEqual(['cells ambiguous; left null']);
    await probe.evaluate(() => document.getElementById('probe')!.setAttribute('lang', 'en'));
    expect(await probe.evaluate(latinRuns)).toEqual([]);
    for (const { path, ready } of pages) {
      const { page } = await open(path);
      await ready(page);
      // Open every <details> so that what a reader can unfold is checked too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const english = await page.evaluate(latinRuns);
      expect(english, `${path || 'home'}: English text in a Chinese page`).toEqual([]);
      if (path.startsWith('agency/') || path.startsWith('report/')) {
        const scope = path.startsWith('agency/') ? `#report-${report.report_id} ` : '';
        const items = page.locator(`${scope}[data-testid="problems"] li`);
        expect(await items.count()).toBe(messages.length);
        expect(await items.first().innerText()).toBe(renderMessage(messages[0], 'zh'));
        await page.locator('#lang-switch').click();
        expect(await items.first().innerText()).toBe(renderMessage(messages[0], 'en'));
        expect(await page.locator(`${scope}li[data-check]`).first().innerText()).toMatch(/^✓ holds|^✗ FAILS/);
      }
      if (path === 'explore/') {
        await page.locator('#lang-switch').click();
        expect(await page.locator('#ex-status-line').innerText()).toMatch(/✗ only SELECT \(or WITH/);
      }
    }
  });

  // Phone first and accessible: every page type, as a reader on a 360–390 px phone or with a screen reader meets it.
  const PHONE = { width: 390, height: 844 };
  /** One page of each type; the report page's id is found when the test runs. */
  const pageTypes = async (): Promise<Record<string, string>> => ({
    home: '',
    regions: 'regions/',
    province: 'region/370000/',
    // 平潭 has five years of reports: its charts are drawn (a single year is said in a sentence instead).
    county: 'region/350128/',
    body: 'agency/350128-government/',
    report: `report/${await fileId('sh_shanghai_2019')}/`,
    compare: 'compare/?items=r:350128,a:350128-government&metric=requests_new',
    explore: 'explore/',
    data: 'data/',
    search: 'compare/',
    embed: 'embed/?region=320800&chart=requests',
    '404': 'agency/no-such-body/',
  });

  it('every page type names a 1200×630 PNG share card in og:image, with og: and twitter: metadata', async () => {
    const pages = [
      '',
      'regions/',
      'region/350128/',
      'agency/350128-government/',
      `report/${await fileId('pingtan')}/`,
      'compare/?items=r:320800&metric=requests_new',
      'explore/',
      'data/',
      'embed/?region=320800&chart=requests',
    ];
    const cards = new Set<string>();
    for (const path of pages) {
      const pageUrl = new URL(server.url + path);
      const html = await (await fetch(pageUrl)).text();
      const meta = (attr: string, name: string) =>
        html.match(new RegExp(`<meta ${attr}="${name}" content="([^"]*)"`))?.[1].replace(/&amp;/g, '&');
      expect(meta('name', 'twitter:card'), path).toBe('summary_large_image');
      expect(meta('property', 'og:title'), path).toMatch(/公开 Gongkai$/);
      expect(meta('property', 'og:description'), path).toBeTruthy();
      expect(new URL(meta('property', 'og:url')!, pageUrl).pathname, path).toBe(pageUrl.pathname);
      const card = new URL(meta('property', 'og:image')!, pageUrl);
      const res = await fetch(card);
      expect(res.status, `${path}: ${card}`).toBe(200);
      const png = Buffer.from(await res.arrayBuffer());
      // The PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers.
      expect(png.subarray(0, 8).toString('hex'), path).toBe('89504e470d0a1a0a');
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], path).toEqual([1200, 630]);
      cards.add(card.pathname);
    }
    // Regions and bodies have their own cards; the other pages share the site's.
    expect(cards).toContain(`${BASE}card/region/350128.png`);
    expect([...cards].some((c) => c.startsWith(`${BASE}card/agency/350128-government.png`))).toBe(true);
    // Every standard chart view links its own card.
    const { page } = await open('region/350128/');
    const link = page.locator('figure[data-chart="requests"] a[href$="card/chart/350128/requests.png"]');
    expect(await link.count()).toBe(1);
    const chartCard = Buffer.from(
      await (await fetch(new URL((await link.getAttribute('href'))!, server.url))).arrayBuffer(),
    );
    expect([chartCard.readUInt32BE(16), chartCard.readUInt32BE(20)]).toEqual([1200, 630]);
    copyFileSync(join(OUT, 'card/agency/350128-government.png'), join(SHOTS, 'card-body.png'));
    copyFileSync(join(OUT, 'card/chart/350128/requests.png'), join(SHOTS, 'card-chart.png'));
  });

  it('a chart’s SVG and PNG downloads carry the site’s font, inlined', async () => {
    const { page } = await open('region/350128/');
    // The page draws its text in the self-hosted font: the chunks holding 平潭 load from the site.
    await expect
      .poll(() => page.evaluate(async () => (await document.fonts.load("16px 'Noto Sans SC'", '平潭')).length), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    const fig = page.locator('figure[data-chart="requests"]');
    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      fig.locator('button[data-action="svg"]').click(),
    ]);
    const svg = readFileSync((await svgDownload.path())!, 'utf8');
    expect(svg).toMatch(/<style>@font-face\{font-family:'Noto Sans SC';font-weight:400;src:url\(data:[\w/-]+;base64,/);
    // Only the chunks the chart's characters need, not the whole font.
    const faces = svg.match(/@font-face/g)!.length;
    expect(faces).toBeGreaterThan(1);
    expect(faces).toBeLessThan(40);
    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      fig.locator('button[data-action="png"]').click(),
    ]);
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    // The page's policy let the inlined chunks load when the SVG was drawn to the PNG.
    expect(refused.filter((r) => /font/i.test(r))).toEqual([]);
  });

  it('cite this: a chart and a body page cite their permalink and data version in GB/T 7714 and APA', async () => {
    const { page } = await open('region/350128/');
    const s = summary();
    const cite = page.locator('figure[data-chart="requests"] details.cite');
    await cite.locator('summary').click();
    const permalink = `${server.url}region/350128/#chart-requests`;
    // A region page's version is its own digest (the footer's), so an incremental build keeps it exact.
    const digest = await page.locator('footer code[data-build]').getAttribute('data-build');
    const gbt = await cite.locator('[data-style="gbt"]').innerText();
    const apaText = await cite.locator('[data-style="apa"]').innerText();
    for (const text of [gbt, apaText]) {
      expect(text).toContain(permalink);
      expect(text).toMatch(new RegExp(`\\d{4}-\\d\\d-\\d\\d · parser ${s.parser_version} · ${digest}`));
    }
    expect(gbt).toContain('[DB/OL]');
    expect(apaText).toContain('[Data set]');
    const body = (await open('agency/350128-government/')).page;
    const bodyCite = body.locator('details.cite');
    await bodyCite.locator('summary').click();
    const shardHash = await body.locator('code[data-build]').getAttribute('data-build');
    const text = await bodyCite.locator('[data-style="gbt"]').innerText();
    expect(text).toContain(`${server.url}agency/350128-government/`);
    expect(text).toContain(`parser ${s.parser_version} · ${shardHash}`);
    expect(text).toContain('2019–2024');
  });

  it('a compare view embeds: its embed code draws the same series in an article', async () => {
    // 平潭 and its government: years enough for a chart (a single year would be a sentence).
    const items = 'r:350128,a:350128-government';
    const { page } = await open(`compare/?items=${items}&metric=requests_new`);
    const fig = page.locator('figure[data-chart="compare"]');
    await expect.poll(() => fig.locator('svg g[data-series="1"][data-value]').count(), { timeout: 30_000 }).toBe(5);
    const drawn = await fig.locator('svg g[data-value]').evaluateAll((g) => g.map((e) => e.getAttribute('data-value')));
    await fig.locator('button[data-action="embed"]').click();
    const code = await fig.locator('textarea.embed-code').inputValue();
    const src = new URL(code.match(/src="([^"]+)"/)![1].replace(/&amp;/g, '&'));
    expect(src.pathname).toBe(`${BASE}embed/`);
    expect(src.searchParams.get('items')).toBe(items);
    expect(src.searchParams.get('metric')).toBe('requests_new');
    writeFileSync(join(OUT, 'host-compare.html'), `<!doctype html><html><body><h1>News</h1>${code}</body></html>`);
    const host = await open('host-compare.html');
    const frame = host.page.locator('iframe');
    await expect
      .poll(
        async () => Number((await frame.evaluate((f) => (f as HTMLIFrameElement).style.height)).replace('px', '')),
        {
          timeout: 20_000,
        },
      )
      .toBeGreaterThan(200);
    const inner = host.page.frameLocator('iframe');
    await expect.poll(() => inner.locator('svg g[data-value]').count(), { timeout: 20_000 }).toBe(drawn.length);
    expect(
      await inner.locator('svg g[data-value]').evaluateAll((g) => g.map((e) => e.getAttribute('data-value'))),
    ).toEqual(drawn);
    expect(await inner.locator('#embed-source').getAttribute('href')).toContain('compare/?items=');
  });
  /** A page as the reader sees it once its scripts have drawn: charts at their width, a body's tables, search results. */
  async function settle(page: Page, type: string) {
    await page.waitForLoadState('networkidle');
    if (type === 'body') await page.locator('#body-detail article').first().waitFor({ timeout: 20_000 });
    if (type === 'search') {
      await page.locator('#cmp-search').fill('qixia');
      await page.locator('#cmp-options li').first().waitFor();
    }
    if (type === 'compare') await page.locator('[data-testid="compare-table"]').waitFor({ timeout: 20_000 });
    if (type === 'embed') await page.locator('.chart-svg svg').waitFor({ timeout: 20_000 });
  }
  const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  it('axe-core finds no serious or critical violation on any page type, phone or desktop, Chinese or English', async () => {
    const found: string[] = [];
    for (const [type, path] of Object.entries(await pageTypes()))
      for (const [viewport, lang] of [
        [PHONE, 'zh'],
        [{ width: 1280, height: 900 }, 'zh'],
        [PHONE, 'en'],
      ] as const) {
        // The injected engine is an inline script, which the pages' own policy (rightly) refuses.
        const { page } = await open(
          path + (lang === 'en' ? `${path.includes('?') ? '&' : '?'}lang=en` : ''),
          viewport,
          {
            bypassCSP: true,
          },
        );
        await settle(page, type);
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: AxeViolation[] }> } })
            .axe;
          type AxeViolation = { id: string; impact: string; nodes: { target: string[] }[] };
          const r = await axe.run(document);
          return r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.nodes.length}: ${v.nodes[0].target.join(' ')})`);
        });
        found.push(...violations.map((v) => `${type} ${viewport.width}px ${lang}: ${v}`));
        await page.context().close();
      }
    expect(found).toEqual([]);
  }, 300_000);

  it('no page scrolls sideways at 360 or 390 px, and chart text is at least 11 px at 390 px', async () => {
    const wide: string[] = [];
    const small: string[] = [];
    for (const [type, path] of Object.entries(await pageTypes()))
      for (const width of [360, 390]) {
        const { page } = await open(path, { width, height: 800 });
        await settle(page, type);
        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
        if (scroll > inner) wide.push(`${type} at ${width}px: ${scroll}px wide`);
        if (width === 390) {
          // Charts redraw for their box once their script runs; measured after that, as a reader sees them.
          await expect
            .poll(() => page.locator('.chart-svg:not([data-drawn]) > svg').count(), { timeout: 10_000 })
            .toBe(0);
          const sizes = await page.evaluate(() =>
            [...document.querySelectorAll<SVGTextElement>('svg text')].map((t) => {
              const scale = t.ownerSVGElement!.getScreenCTM()!.a;
              return [parseFloat(getComputedStyle(t).fontSize) * scale, t.textContent] as const;
            }),
          );
          if (['home', 'county', 'body', 'compare', 'embed'].includes(type)) expect(sizes.length).toBeGreaterThan(0);
          small.push(
            ...sizes.filter(([px]) => px < 11).map(([px, text]) => `${type}: “${text}” at ${px.toFixed(1)}px`),
          );
        }
        if (width === 390 && ['body', 'compare', 'explore'].includes(type))
          await page.screenshot({ path: join(SHOTS, `${type}-phone.png`), fullPage: true });
        await page.context().close();
      }
    expect(wide).toEqual([]);
    expect(small).toEqual([]);
  }, 300_000);

  it('the prerendered chart is drawn for a phone, so it reads there without JavaScript', async () => {
    const rec = await openPage(browser, server.url.replace(/\/gongkai\/$/, ''), PHONE, { javaScriptEnabled: false });
    await rec.page.goto(server.url + 'region/350128/');
    const sizes = await rec.page.evaluate(() =>
      [...document.querySelectorAll<SVGTextElement>('.chart-svg svg text')].map(
        (t) => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement!.getScreenCTM()!.a,
      ),
    );
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
    await rec.page.context().close();
  });

  it('on a phone the nav, language switch and chart buttons are at least 44 px each way', async () => {
    const { page } = await open('region/350128/', PHONE);
    const targets = page.locator('nav[aria-label="main"] a, #lang-switch, figure[data-chart] .toolbar button');
    expect(await targets.count()).toBeGreaterThan(8);
    for (const el of await targets.all()) {
      const box = (await el.boundingBox())!;
      expect(
        [box.width, box.height].every((px) => px >= 44),
        `${await el.innerText()}: ${box.width}×${box.height}`,
      ).toBe(true);
    }
  });

  it('on a phone a body’s key figures fit, or scroll inside their box with the year held at the left edge', async () => {
    for (const lang of ['zh', 'en']) {
      const { page } = await open(`agency/350128-government/?lang=${lang}`, PHONE);
      const table = page.locator('[data-testid="body-figures"]');
      const box = table.locator('xpath=..');
      // Once its shard is drawn, the page itself does not scroll sideways (a problem quoting a long identity sum,
      // "6+6+0+…+4 = 26", once pushed it to 416 px in English).
      await expect.poll(() => page.locator('#body-detail article').count(), { timeout: 20_000 }).toBe(5);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), lang).toBeLessThanOrEqual(PHONE.width);
      const year = table.locator('tbody tr').first().locator('td').first();
      expect(await year.innerText()).toBe('2019');
      expect(await year.evaluate((e) => getComputedStyle(e).position)).toBe('sticky');
      const [scrollWidth, clientWidth] = await box.evaluate((e) => [e.scrollWidth, e.clientWidth]);
      if (scrollWidth > clientWidth) {
        const left = (await box.boundingBox())!.x;
        await box.evaluate((e) => e.scrollBy(200, 0));
        await expect.poll(async () => (await year.boundingBox())!.x).toBeCloseTo(left, 0);
      }
    }
    // A report's tables do the same.
    const { page: report } = await open(`report/${await fileId('sh_shanghai_2019')}/`, PHONE);
    const label = report.locator('table.report.sticky-first tbody th').first();
    expect(await label.evaluate((e) => getComputedStyle(e).position)).toBe('sticky');
  });

  it('compare works by keyboard alone: search, add, change metric, remove', async () => {
    const { page } = await open('compare/');
    const active = () => page.evaluate(() => document.activeElement?.id ?? '');
    for (let i = 0; i < 30 && (await active()) !== 'cmp-search'; i++) await page.keyboard.press('Tab');
    expect(await active()).toBe('cmp-search');
    await page.keyboard.type('huaian');
    // The list of the whole word, not of its first letters (under load the list of "hu" can still be showing).
    await expect.poll(() => page.locator('#cmp-options li').first().innerText()).toContain('淮安');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#cmp-chosen li').count()).toBe(1);
    expect(await active()).toBe('cmp-search');
    const cell = page.locator('[data-testid="compare-table"] td[data-year="2024"]');
    await expect.poll(() => cell.first().innerText(), { timeout: 30_000 }).toBe('3,119');
    // On to the metric: past the chosen item's remove button.
    for (let i = 0; i < 5 && (await active()) !== 'cmp-metric'; i++) await page.keyboard.press('Tab');
    expect(await active()).toBe('cmp-metric');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => new URL(page.url()).searchParams.get('metric')).not.toBe('requests_new');
    await expect.poll(() => page.locator('#cmp-title').innerText()).not.toBe('本年新收申请');
    // Back to the remove button, and it goes.
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-remove'))).toBe('0');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#cmp-chosen li').count()).toBe(0);
    expect(await active()).toBe('cmp-search');
  });

  it('a body page prints on A4: no nav or buttons, every table whole within the page width', async () => {
    // A4 less the stylesheet's 12 mm margins, in CSS px.
    const { page } = await open('agency/320800-renminzhengfu/', { width: 703, height: 1000 });
    await page.locator('#body-detail article').first().waitFor({ timeout: 20_000 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav[aria-label="main"]').isVisible()).toBe(false);
    expect(await page.locator('#lang-switch').isVisible()).toBe(false);
    expect(await page.locator('.toolbar').first().isVisible()).toBe(false);
    const tables = page.locator('table.report');
    expect(await tables.count()).toBeGreaterThan(3);
    for (const t of await tables.all()) {
      expect(await t.evaluate((e) => getComputedStyle(e).breakInside)).toBe('avoid');
      expect((await t.boundingBox())!.x + (await t.boundingBox())!.width).toBeLessThanOrEqual(703);
    }
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.byteLength).toBeGreaterThan(10_000);
  });

  it('made no request to any other origin', () => {
    expect(foreign).toEqual([]);
  });
});
