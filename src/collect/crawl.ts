/**
 * One collection run: from each start URL (a column of a site), every page of the list, every report the list
 * links to, and every file of each report, into the collection folder — politely (host-queue, robots), on the
 * start URL's site, conditionally when a copy is already kept, and resuming a run that was interrupted.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '../formats/decode.js';
import { HostQueue } from './host-queue.js';
import { HttpClient, type Fetched } from './http.js';
import { fileLinks, isFileUrl, linksOf, linkTitle, pageKey, pagerLinks, reportLinks } from './links.js';
import { appendJsonl, Manifest, readRuns, RUNS, type ManifestEntry, type ResourceKind } from './manifest.js';
import { Robots } from './robots.js';
import { extensionOf, Store } from './store.js';

export interface CollectOptions {
  urls: string[];
  out: string;
  /** A page where a site's operator can reach whoever runs the collection; it goes into the User-Agent. */
  contact: string;
  delayMs?: number;
  maxBytes?: number;
  /** Resources fetched in one run (robots.txt not counted); past it the run stops, to be resumed. */
  maxPages?: number;
  retries?: number;
  timeoutMs?: number;
  maxRetryAfterMs?: number;
  /** Hosts besides the start URLs' sites that files may come from. */
  allowHosts?: string[];
  signal?: AbortSignal;
  log?: (s: string) => void;
}

export const DEFAULTS = {
  delayMs: 1000,
  maxBytes: 50 * 1024 * 1024,
  maxPages: 5000,
  retries: 3,
  timeoutMs: 30_000,
  maxRetryAfterMs: 10 * 60_000,
};

export const ROBOTS_AGENT = 'Gongkai';
export const userAgent = (contact: string) =>
  `${ROBOTS_AGENT}/0.1 (+${contact}; annual government information disclosure reports as open data)`;

export interface CollectResult {
  run: string;
  resumed: boolean;
  /** Every list and report was visited (no page cap reached, not stopped). */
  complete: boolean;
  /** Start URLs whose every list page was read: a report they no longer list is gone from the site. */
  listed: string[];
  /** Requests answered with a body, with 304, with an error or other status. */
  fetched: number;
  notModified: number;
  failed: number;
  reports: number;
  files: number;
  /** Report pages and files whose bytes differ from the copy kept before. */
  changed: number;
  /** Links not followed because robots.txt disallows them. */
  disallowed: string[];
}

/** The site of a host: the host without `www.`; its subdomains (a file server) belong to it. */
const siteOf = (host: string) => host.replace(/^www\./, '');

const isPageResponse = (res: Fetched): boolean => {
  const type = res.headers?.get('content-type') ?? '';
  const disposition = res.headers?.get('content-disposition') ?? '';
  const b = res.body ?? new Uint8Array();
  const magic = String.fromCharCode(...b.subarray(0, 4));
  if (/attachment|filename/i.test(disposition) || magic === '%PDF' || magic === 'PK\x03\x04' || b[0] === 0xd0)
    return false;
  return /html|xml/i.test(type) || (!type && /<(?:html|body)\b/i.test(decodeText(b.subarray(0, 4096))));
};

function decodeText(bytes: Uint8Array): string {
  try {
    return decode(bytes).text;
  } catch {
    return '';
  }
}

/** The file name of a Content-Disposition header (RFC 6266 `filename*`, or `filename` as servers send it). */
export function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = disposition.match(/filename\*\s*=\s*[\w-]*'[^']*'([^;]+)/i);
  const plain = disposition.match(/filename\s*=\s*(?:"([^"]*)"|([^;]+))/i);
  const raw = (star?.[1] ?? plain?.[1] ?? plain?.[2])?.trim();
  if (!raw) return undefined;
  // Header values arrive as Latin-1: a name sent as raw UTF-8 bytes is read back as UTF-8.
  const bytes = Buffer.from(raw, 'latin1');
  const text = /[^ -~]/.test(raw) && !bytes.toString('utf8').includes('\ufffd') ? bytes.toString('utf8') : raw;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export async function collect(opts: CollectOptions): Promise<CollectResult> {
  const o = {
    ...opts,
    delayMs: opts.delayMs ?? DEFAULTS.delayMs,
    maxBytes: opts.maxBytes ?? DEFAULTS.maxBytes,
    maxPages: opts.maxPages ?? DEFAULTS.maxPages,
    retries: opts.retries ?? DEFAULTS.retries,
    timeoutMs: opts.timeoutMs ?? DEFAULTS.timeoutMs,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
  };
  const log = opts.log ?? (() => {});
  mkdirSync(o.out, { recursive: true });
  const manifest = new Manifest(o.out);
  const store = new Store(o.out);
  const roots = [...new Set(o.urls.map((u) => new URL(u).href))];

  // An earlier run over the same start URLs that did not get to its end is carried on, not started over.
  const runs = readRuns(o.out);
  const last = runs.filter((r) => r.event === 'start').at(-1);
  const lastEnded = last && runs.some((r) => r.run === last.run && r.event === 'end' && r.complete);
  const resumed = !!last && !lastEnded && [...(last.roots ?? [])].sort().join(' ') === [...roots].sort().join(' ');
  const run = resumed ? last.run : new Date().toISOString();
  appendJsonl(join(o.out, RUNS), { run, event: 'start', at: new Date().toISOString(), roots });
  const done = new Map<string, ManifestEntry>();
  if (resumed) for (const e of manifest.entries) if (e.run === run) done.set(e.url, e);
  if (resumed) log(`resuming run ${run}: ${done.size} resources already fetched`);

  const queue = new HostQueue(o.delayMs);
  const http = new HttpClient(queue, { ...o, userAgent: userAgent(o.contact), maxRedirects: 10 }, log);
  const robots = new Robots(http, queue, ROBOTS_AGENT, log);
  const sites = new Set([...roots.map((u) => siteOf(new URL(u).hostname)), ...(o.allowHosts ?? []).map(siteOf)]);
  const onSite = (url: string) => {
    const host = siteOf(new URL(url).hostname);
    return [...sites].some((s) => host === s || host.endsWith(`.${s}`));
  };
  const result: CollectResult = {
    run,
    resumed,
    complete: true,
    listed: [],
    fetched: 0,
    notModified: 0,
    failed: 0,
    reports: 0,
    files: 0,
    changed: 0,
    disallowed: [],
  };
  let requests = 0;

  const gate = async (url: string) =>
    !onSite(url) ? `off the site (${new URL(url).host})` : await robots.refusal(url);

  /**
   * One resource: from this run's record when resuming, else by a (conditional) request. Returns its bytes and
   * whether they are a page, or null when nothing was kept. `fileOnly`: a download link whose answer is a page
   * is no file of the report, and leaves no line.
   */
  async function fetchOne(
    url: string,
    kind: ResourceKind,
    root: string,
    parent: string | null,
    title?: string,
    fileOnly = false,
  ): Promise<{ body: Uint8Array; page: boolean; entry: ManifestEntry } | null> {
    const seen = done.get(url);
    if (seen) return seen.path ? { body: store.read(seen.path), page: seen.kind !== 'attachment', entry: seen } : null;
    const refused = await gate(url);
    if (refused) {
      if (refused.includes('robots')) result.disallowed.push(url);
      log(`  skip ${url}: ${refused}`);
      return null;
    }
    if (opts.signal?.aborted || requests >= o.maxPages) {
      result.complete = false;
      return null;
    }
    requests++;
    const prior = manifest.latestStored(url);
    const conditional: Record<string, string> = {};
    if (prior?.etag) conditional['if-none-match'] = prior.etag;
    if (prior?.last_modified) conditional['if-modified-since'] = prior.last_modified;
    // A site that sends no validators gets the whole resource again; its bytes tell whether it changed.
    const res = await http.get(url, conditional, gate);
    const h = res.headers;
    const filename = filenameOf(h?.get('content-disposition') ?? null);
    const entry: ManifestEntry = {
      url,
      final_url: res.finalUrl,
      fetched_at: new Date().toISOString(),
      http_status: res.status,
      content_type: h?.get('content-type') ?? null,
      etag: h?.get('etag') ?? null,
      last_modified: h?.get('last-modified') ?? null,
      sha256: null,
      bytes: null,
      path: null,
      kind,
      parent,
      ...(title ? { title } : {}),
      ...(filename ? { filename } : {}),
      run,
      root,
      ...(res.error ? { error: res.error } : {}),
    };
    let body: Uint8Array | null = null;
    let page = false;
    if (res.status === 304 && prior?.path) {
      body = store.read(prior.path);
      page = prior.kind !== 'attachment';
      Object.assign(entry, { path: prior.path, kind: prior.kind });
      result.notModified++;
    } else if (res.body) {
      body = res.body;
      page = isPageResponse(res);
      if (fileOnly && page) return null;
      if (!page) entry.kind = 'attachment';
      const kept = store.put(body, page ? 'html' : extensionOf(res.finalUrl, entry.content_type, filename));
      Object.assign(entry, { sha256: kept.sha256, bytes: body.length, path: kept.path });
      if (prior?.sha256 && prior.sha256 !== kept.sha256) {
        entry.previous_sha256 = prior.sha256;
        if (kind !== 'list') result.changed++;
      }
    } else {
      result.failed++;
      log(`  ${url}: ${res.error ?? `HTTP ${res.status}`}`);
    }
    result.fetched++;
    manifest.append(entry);
    done.set(url, entry);
    return body ? { body, page, entry } : null;
  }

  async function crawlColumn(root: string): Promise<void> {
    const lists = [root];
    const listed = new Set(lists.map(pageKey));
    const reports = new Map<string, { title: string; parent: string }>();
    let listedAll = true;
    for (let i = 0; i < lists.length; i++) {
      const got = await fetchOne(lists[i], 'list', root, i ? lists[i - 1] : null);
      if (!got?.page) {
        listedAll = false;
        continue;
      }
      const html = decodeText(got.body);
      const links = linksOf(html, got.entry.final_url);
      for (const next of pagerLinks(html, got.entry.final_url, links))
        if (!listed.has(pageKey(next)) && onSite(next)) {
          listed.add(pageKey(next));
          lists.push(next);
        }
      for (const l of reportLinks(links))
        if (!reports.has(l.url)) reports.set(l.url, { title: linkTitle(l), parent: got.entry.url });
    }
    log(`${root}: ${lists.length} list pages, ${reports.size} reports listed`);
    if (listedAll) result.listed.push(root);
    for (const [url, { title, parent }] of reports) {
      const got = await fetchOne(url, isFileUrl(url) ? 'attachment' : 'report_page', root, parent, title);
      if (!got) continue;
      result.reports++;
      if (!got.page) {
        result.files++;
        continue;
      }
      const html = decodeText(got.body);
      for (const l of fileLinks(linksOf(html, got.entry.final_url)))
        if ((await fetchOne(l.url, 'attachment', root, url, undefined, true)) !== null) result.files++;
    }
  }

  try {
    // Columns on different hosts go on side by side; the host queue keeps each host to one request at a time.
    await Promise.all(roots.map(crawlColumn));
  } finally {
    if (opts.signal?.aborted) result.complete = false;
    const end = { run, event: 'end', at: new Date().toISOString(), complete: result.complete, listed: result.listed };
    appendJsonl(join(o.out, RUNS), end);
  }
  return result;
}
