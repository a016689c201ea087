/**
 * Headless Chromium (Debian package) driven by playwright-core, with every request recorded so that a test
 * can fail on any request to another origin.
 */
import { chromium, type Browser, type BrowserContextOptions, type Page, type Request } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export interface Recorded {
  page: Page;
  requests: Request[];
  foreign: string[];
}

export async function openPage(
  browser: Browser,
  origin: string,
  viewport = { width: 1280, height: 900 },
  options: BrowserContextOptions = {},
): Promise<Recorded> {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const requests: Request[] = [];
  const foreign: string[] = [];
  const watch = (r: Request) => {
    requests.push(r);
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:') && u !== 'about:blank')
      foreign.push(u);
  };
  context.on('request', watch);
  // Workers' own requests (DuckDB-WASM range reads) reach the context's request event as well.
  return { page, requests, foreign };
}
