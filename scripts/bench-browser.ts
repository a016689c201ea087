/** What the benchmarks measure in Chromium: time to a page's first chart, and explore's query times. */
import type { Browser } from 'playwright-core';
import { serve } from './serve.js';

/** Milliseconds until the first chart (or its empty-state sentence) is in the page, and the bytes it took. */
export async function firstChart(
  browser: Browser,
  root: string,
  path: string,
  selector = 'figure[data-chart] svg, figure[data-chart] p',
) {
  const s = await serve(root);
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  let transferred = 0;
  page.on('requestfinished', async (r) => {
    try {
      const sizes = await r.sizes();
      transferred += sizes.responseBodySize + sizes.responseHeadersSize;
    } catch {
      /* request gone */
    }
  });
  const t0 = performance.now();
  await page.goto(s.url + path);
  await page.waitForSelector(selector, { timeout: 120_000 });
  const ms = performance.now() - t0;
  await page.waitForLoadState('networkidle');
  await ctx.close();
  await s.close();
  return { ms, bytes: transferred };
}

/** Explore's first query (the engine loading included) and the same query again, in milliseconds. */
export async function exploreTimes(browser: Browser, root: string) {
  const s = await serve(root);
  const page = await browser.newPage();
  let bytes = 0;
  page.on('requestfinished', async (r) => {
    try {
      bytes += (await r.sizes()).responseBodySize;
    } catch {
      /* gone */
    }
  });
  await page.goto(`${s.url}explore/`);
  const sql = `SELECT province_code, sum(t3_new_received_total) AS n, count(*) AS reports FROM reports WHERE is_primary AND year = 2024 GROUP BY 1 ORDER BY 1`;
  const timeQuery = async () => {
    await page.locator('#ex-sql').fill(sql);
    const t0 = performance.now();
    await page.locator('#ex-run').click();
    await page.waitForFunction(() => /rows/.test(document.getElementById('ex-status-line')?.textContent ?? ''), null, {
      timeout: 300_000,
    });
    const ms = performance.now() - t0;
    await page.locator('#ex-status-line').evaluate((e) => (e.textContent = ''));
    return ms;
  };
  const first = await timeQuery();
  const repeat = await timeQuery();
  await page.close();
  await s.close();
  return { first, repeat, bytes };
}
