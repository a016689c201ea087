/**
 * The collector against a synthetic county site on 127.0.0.1 (scripts/synth/site.ts): two list styles, reports
 * as pages and as files behind download.jsp, look-alikes, robots.txt, a 429, a redirect loop, a 404, a slow and a
 * silent answer, a file over the cap. Then the same site a while later (one report edited, one unlisted, one
 * taken down), a second run, and the real build over what was collected.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type CollectOptions, type CollectResult } from '../../src/collect/crawl.js';
import { readManifest, readRuns, type ManifestEntry } from '../../src/collect/manifest.js';
import { sha256Of } from '../../src/collect/store.js';
import { buildData } from '../../src/pipeline/build.js';
import { reportIdOf } from '../../src/pipeline/records.js';
import { EDITED, EDITED_CELLS, GONE, governmentSite, UNLISTED, type SyntheticSite } from '../../scripts/synth/site.js';
import { serveSite, type GovServer, type Request } from '../fixtures/gov-server.js';

const DELAY = 50;
const CONTACT = 'https://example.org/gongkai-contact';
const dir = mkdtempSync(join(tmpdir(), 'gongkai-collect-'));
const reportsDir = join(dir, 'reports');
const out = join(reportsDir, 'collected');
const site: SyntheticSite = governmentSite(1);
const later: SyntheticSite = governmentSite(1, true);
let server: GovServer;
let first: CollectResult;
let second: CollectResult;
let firstRequests: Request[];
let secondRequests: Request[];
let afterFirst: ManifestEntry[];
const url = (path: string) => server.origin + path;
const options = (): CollectOptions => ({
  urls: site.columns.map(url),
  out,
  contact: CONTACT,
  delayMs: DELAY,
  timeoutMs: 1000,
  retries: 2,
  maxBytes: 1_000_000,
});

beforeAll(async () => {
  server = await serveSite(site);
  first = await collect(options());
  firstRequests = [...server.requests];
  afterFirst = readManifest(out);
  server.setSite(later);
  second = await collect(options());
  secondRequests = server.requests.slice(firstRequests.length);
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const paths = (rs: Request[]) => rs.map((r) => r.path);

describe('a first run over the site', () => {
  it('collects every report and every file of a report, and nothing else', () => {
    const byUrl = new Map(afterFirst.map((e) => [e.url, e]));
    for (const r of site.reports.filter((r) => r.outcome === 'collected')) {
      const e = byUrl.get(url(r.link));
      expect(e?.http_status, r.link).toBe(200);
      expect(e?.title, r.link).toBe(r.title);
      for (const f of r.files) {
        const file = byUrl.get(url(f));
        expect(file?.kind, f).toBe('attachment');
        expect(file?.parent, f).toBe(url(r.link));
        expect(readFileSync(join(out, file!.path!)), f).toEqual(Buffer.from(site.resources.get(f)!.body!));
      }
    }
    expect(first.reports).toBe(site.reports.filter((r) => r.outcome === 'collected').length);
    // Look-alikes (工作要点, 自查报告, 工作方案, a notice about the reports) are never even requested.
    for (const l of site.lookalikes) expect(paths(firstRequests)).not.toContain(l);
    // Every list page of both styles, each once.
    expect(
      paths(firstRequests)
        .filter((p) => site.lists.includes(p))
        .sort(),
    ).toEqual([...site.lists].sort());
  });

  it('tells files behind download.jsp by their headers, with the name Content-Disposition gives', () => {
    const docx = afterFirst.find((e) => e.url === url('/download.jsp?id=3003'))!;
    expect(docx.path).toMatch(/^files\/[0-9a-f]{2}\/[0-9a-f]{64}\.docx$/);
    expect(docx.filename).toMatch(/^闽侯县.+年政府信息公开工作年度报告\.docx$/);
    expect(afterFirst.find((e) => e.url === url('/download.jsp?id=3004'))!.path).toMatch(/\.pdf$/);
  });

  it('never requests what robots.txt disallows, though a report links there', () => {
    expect(paths(firstRequests).filter((p) => p.startsWith(site.disallowedPrefix))).toEqual([]);
    expect(first.disallowed).toEqual([url('/private/t20240204_1007.html')]);
    expect(paths(firstRequests)[0]).toBe('/robots.txt');
  });

  it('is polite: one request at a time, the delay between them, an honest User-Agent', () => {
    expect(server.maxOpen).toBe(1);
    for (const run of [firstRequests, secondRequests]) {
      const gaps = run.slice(1).map((r, i) => r.start - run[i].end);
      // Timers may fire a millisecond early against the server's clock.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DELAY - 2);
    }
    for (const r of server.requests)
      expect(r.userAgent).toMatch(new RegExp(`^Gongkai/\\S+ \\(\\+${CONTACT.replace(/\./g, '\\.')};`));
  });

  it('waits out a 429 for as long as Retry-After says, then gets the page', () => {
    const tries = firstRequests.filter((r) => r.path === '/zwgk/zfxxgknb/202402/t20240203_1006.html');
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    expect(tries[1].start - tries[0].end).toBeGreaterThanOrEqual(1000 - 2);
  });

  it('records what it could not get: a redirect loop, a 404, a file over the cap, a page that never answers', () => {
    const line = (p: string) => afterFirst.filter((e) => e.url === url(p));
    const [loop] = line('/zwgk/zfxxgknb/loop/a.html');
    expect(loop.error).toMatch(/redirect loop/);
    expect(loop.path).toBeNull();
    expect(paths(firstRequests).filter((p) => p.includes('/loop/'))).toHaveLength(2);
    expect(line('/zwgk/zfxxgknb/202402/t20240205_1009.html')[0]).toMatchObject({ http_status: 404, path: null });
    const [big] = line('/download.jsp?id=3010');
    expect(big).toMatchObject({ path: null, error: 'larger than 1000000 bytes' });
    const [silent] = line('/zwgk/zfxxgknb/202402/t20240207_1011.html');
    expect(silent).toMatchObject({ http_status: null, path: null });
    expect(silent.error).toMatch(/no answer within 1000 ms/);
    // Bounded: the first try and two retries, no more.
    expect(paths(firstRequests).filter((p) => p === '/zwgk/zfxxgknb/202402/t20240207_1011.html')).toHaveLength(3);
    // The slow page was simply waited for.
    expect(line('/zwgk/zfxxgknb/202402/t20240202_1005.html')[0].http_status).toBe(200);
  });

  it('writes a complete manifest line for every resource, its file stored by content', () => {
    expect(afterFirst).toHaveLength(first.fetched);
    for (const e of afterFirst) {
      expect(Object.keys(e)).toEqual(
        expect.arrayContaining([
          'url',
          'final_url',
          'fetched_at',
          'http_status',
          'content_type',
          'etag',
          'last_modified',
          'sha256',
          'bytes',
          'path',
          'kind',
          'parent',
        ]),
      );
      expect(e.fetched_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(['list', 'report_page', 'attachment']).toContain(e.kind);
      if (!e.path) continue;
      const bytes = readFileSync(join(out, e.path));
      expect(sha256Of(bytes)).toBe(e.sha256);
      expect(bytes.length).toBe(e.bytes);
      expect(e.path).toBe(`files/${e.sha256!.slice(0, 2)}/${e.path.split('/').pop()}`);
      expect(e.etag).toMatch(/^"[0-9a-f]{16}"$/);
    }
    expect(afterFirst.filter((e) => e.kind === 'list').map((e) => e.parent)[0]).toBeNull();
  });
});

describe('a second run, after the site changed', () => {
  it('asks conditionally and transfers no body for what did not change', () => {
    const changed = new Set(
      [...later.resources].filter(([p, r]) => r.body && site.resources.get(p)?.body?.join() !== r.body.join()),
    );
    expect(changed.size).toBeGreaterThan(0);
    for (const r of secondRequests.filter((r) => r.path !== '/robots.txt')) {
      // Only what was kept has validators to send.
      if (!afterFirst.some((e) => e.url === url(r.path) && e.path)) continue;
      expect(r.conditional, r.path).toBe(true);
      const same = site.resources.get(r.path)?.body?.join() === later.resources.get(r.path)?.body?.join();
      if (same && (later.resources.get(r.path)?.status ?? 200) === 200) {
        expect(r.status, r.path).toBe(304);
        expect(r.bytes, r.path).toBe(0);
      }
    }
    expect(second.notModified).toBeGreaterThan(10);
  });

  it('appends a 304 line pointing at the kept copy, and keeps both versions of the edited report', () => {
    const lines = readManifest(out);
    expect(lines.slice(0, afterFirst.length)).toEqual(afterFirst);
    const fresh = lines.slice(afterFirst.length);
    const unchanged = fresh.find((e) => e.url === url('/download.jsp?id=3003'))!;
    expect(unchanged).toMatchObject({ http_status: 304, sha256: null });
    expect(unchanged.path).toBe(afterFirst.find((e) => e.url === unchanged.url)!.path);
    const edited = site.reports[EDITED].link;
    const [v1, v2] = lines.filter((e) => e.url === url(edited) && e.sha256);
    expect(v2.previous_sha256).toBe(v1.sha256);
    expect(existsSync(join(out, v1.path!)) && existsSync(join(out, v2.path!))).toBe(true);
    expect(second.changed).toBe(1);
    const runs = readRuns(out).filter((r) => r.event === 'end');
    expect(runs.map((r) => r.complete)).toEqual([true, true]);
  });
});

describe('the build over the collection', () => {
  let rows: (sql: string) => Promise<Record<string, unknown>[]>;
  beforeAll(async () => {
    await buildData({ reportsDir, outDir: join(dir, 'out'), workers: 1, csv: false });
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    rows = async (sql) =>
      (await conn.runAndReadAll(sql.replaceAll('{out}', join(dir, 'out')))).getRowObjectsJson() as Record<
        string,
        unknown
      >[];
  }, 60_000);

  it('parses the latest copy of each report, its file when it has one, with its provenance', async () => {
    const got = await rows(`SELECT source_url, fetched_at, sha256, file, status FROM '{out}/reports.parquet'`);
    const collected = site.reports.filter((r) => r.outcome === 'collected');
    expect(got).toHaveLength(collected.length);
    for (const r of collected) {
      const source = url(r.files[0] ?? r.link);
      const row = got.find((g) => g.source_url === source);
      expect(row, source).toBeDefined();
      expect(row!.file).toBe(
        `collected/files/${String(row!.sha256).slice(0, 2)}/${row!.sha256}.${String(row!.file).split('.').pop()}`,
      );
      expect(sha256Of(readFileSync(join(reportsDir, String(row!.file))))).toBe(row!.sha256);
      // Confirmed in the second run, but for the report the site took down and the one it no longer lists.
      const gone = [site.reports[GONE], site.reports[UNLISTED]].includes(r);
      expect(String(row!.fetched_at) > second.run, source).toBe(!gone);
    }
  });

  it('reads the numbers the site published', async () => {
    const report = site.reports[3];
    const id = (
      await rows(`SELECT report_id FROM '{out}/reports.parquet' WHERE source_url = '${url(report.files[0])}'`)
    )[0].report_id;
    const cells = await rows(`SELECT key, value FROM '{out}/cells/*.parquet' WHERE report_id = '${id}'`);
    expect(Object.fromEntries(cells.map((c) => [c.key, c.value === null ? null : Number(c.value)]))).toEqual(
      report.cells,
    );
  });

  it('records exactly the cells the site changed after publication', async () => {
    const edited = site.reports[EDITED];
    const [row] = await rows(
      `SELECT report_id, file, revised FROM '{out}/reports.parquet' WHERE source_url = '${url(edited.link)}'`,
    );
    expect(row.revised).toBe(true);
    expect(row.report_id).toBe(reportIdOf(String(row.file)));
    const revisions = await rows(
      `SELECT report_id, cell, old_value, new_value, first_seen, changed_seen FROM '{out}/revisions.parquet' ORDER BY cell`,
    );
    expect(revisions.map((r) => ({ ...r, old_value: Number(r.old_value), new_value: Number(r.new_value) }))).toEqual(
      Object.entries(EDITED_CELLS).map(([cell, d]) => ({
        report_id: row.report_id,
        cell,
        old_value: edited.cells![cell],
        new_value: edited.cells![cell]! + d,
        first_seen: afterFirst.find((e) => e.url === url(edited.link))!.fetched_at,
        changed_seen: readManifest(out).find((e) => e.url === url(edited.link) && e.previous_sha256)!.fetched_at,
      })),
    );
    const others = await rows(
      `SELECT count(*) AS n FROM '{out}/reports.parquet' WHERE revised AND source_url <> '${url(edited.link)}'`,
    );
    expect(Number(others[0].n)).toBe(0);
  });

  it('marks reports gone from the site, unlisted or 410, as removed and keeps them', async () => {
    const got = await rows(
      `SELECT source_url, removed, status FROM '{out}/reports.parquet' WHERE removed ORDER BY source_url`,
    );
    expect(got.map((r) => r.source_url)).toEqual(
      [url(site.reports[UNLISTED].link), url(site.reports[GONE].link)].sort(),
    );
    expect(got.every((r) => r.status === 'ok')).toBe(true);
  });
});

describe('an interrupted run', () => {
  it('resumes where it stopped: nothing fetched twice, everything fetched once', async () => {
    const fresh = await serveSite(governmentSite(1));
    const into = join(dir, 'resumed');
    const opts = { ...options(), urls: site.columns.map((p) => fresh.origin + p), out: into };
    try {
      const cut = await collect({ ...opts, maxPages: 8 });
      expect(cut).toMatchObject({ complete: false, fetched: 8, resumed: false });
      const before = fresh.requests.length;
      const rest = await collect(opts);
      expect(rest).toMatchObject({ complete: true, resumed: true, run: cut.run });
      const again = fresh.requests.slice(before).map((r) => r.path);
      const firstTime = new Set(
        readManifest(into)
          .slice(0, 8)
          .filter((e) => e.path)
          .map((e) => new URL(e.url).pathname + new URL(e.url).search),
      );
      expect(again.filter((p) => firstTime.has(p))).toEqual([]);
      const manifest = readManifest(into);
      expect(new Set(manifest.map((e) => e.url)).size).toBe(manifest.length);
      expect(manifest.map((e) => e.url.replace(fresh.origin, '')).sort()).toEqual(
        afterFirst.map((e) => e.url.replace(server.origin, '')).sort(),
      );
      expect(
        readRuns(into)
          .filter((r) => r.event === 'end')
          .map((r) => r.complete),
      ).toEqual([false, true]);
    } finally {
      await fresh.close();
    }
  }, 30_000);
});
