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
  /**
   * From the click to the next frame after the result is in the page, timed in the page: the reader's wait.
   * Timed from Node, Playwright's click (it waits for the button to hold still over two frames) and its polling
   * for the answer added ~40 ms to every query (measured on the national site, the same repeated query: 95–123 ms from Node, 62–68 ms in the page).
   */
  const timeQuery = async () => {
    await page.locator('#ex-sql').fill(sql);
    return page.evaluate(
      () =>
        new Promise<number>((done, fail) => {
          const line = document.getElementById('ex-status-line')!;
          line.textContent = '';
          const t0 = performance.now();
          const seen = new MutationObserver(() => {
            if (!/rows/.test(line.textContent ?? '')) return;
            seen.disconnect();
            requestAnimationFrame(() => done(performance.now() - t0));
          });
          seen.observe(line, { childList: true, characterData: true, subtree: true });
          setTimeout(() => fail(new Error(`no result after 5 minutes: ${line.textContent}`)), 300_000);
          document.getElementById('ex-run')!.click();
        }),
    );
  };
  const first = await timeQuery();
  // The median of five: one repeat alone varies by a quarter from run to run.
  const repeats: number[] = [];
  for (let i = 0; i < 5; i++) repeats.push(await timeQuery());
  const repeat = repeats.sort((a, b) => a - b)[2];
  await page.close();
  await s.close();
  return { first, repeat, bytes };
}
