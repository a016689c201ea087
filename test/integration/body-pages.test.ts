/**
 * The body step of the site build over a small national corpus: the provinces shared among worker threads give
 * the same files, byte for byte, as one thread writing them all; shards and texts are gzip files that inflate to
 * the body's data and its reports' texts; a rebuild reads and draws only the bodies whose rows changed.
 */
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardPath, textsPath, type BodyShard } from '../../src/domain/shard.js';
import { SHARD_DICTIONARY, TEXTS_DICTIONARY } from '../../src/domain/preset-dictionaries.js';
import { buildData } from '../../src/pipeline/build.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { SHELL_PATH, SLOTS, byWork, partsOf, writeBodies } from '../../src/site/bodies.js';
import { writeNationalCorpus } from '../../scripts/synth/national.js';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-body-pages-'));
const corpus = join(dir, 'corpus');
const data = join(dir, 'data');
/** A shell with every slot, as Astro renders `/agency/shell/` (src/pages/agency/shell.astro). */
const SHELL = `<html><head><title>${SLOTS.title}</title>${SLOTS.head}<meta name="d" content="${SLOTS.description}"><meta name="v" content="${SLOTS.version} ${SLOTS.citeVersion}"><meta property="og:image" content="${SLOTS.card}"><link rel="x" href="${SLOTS.path}"></head><body>${SLOTS.main}</body></html>`;

function siteWith(name: string): string {
  const site = join(dir, name);
  mkdirSync(join(site, 'agency', 'shell'), { recursive: true });
  writeFileSync(join(site, SHELL_PATH), SHELL);
  return site;
}

const files = (root: string) =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();

let previousReports: string | undefined;
beforeAll(async () => {
  writeNationalCorpus(corpus, { bodies: 40, seed: 7 });
  await buildData({ reportsDir: corpus, outDir: data, registryFile: join(dir, 'no-registry.csv'), workers: 1 });
  previousReports = process.env.GONGKAI_REPORTS;
  process.env.GONGKAI_REPORTS = corpus;
}, 120_000);
afterAll(() => {
  if (previousReports === undefined) delete process.env.GONGKAI_REPORTS;
  else process.env.GONGKAI_REPORTS = previousReports;
  rmSync(dir, { recursive: true, force: true });
});

describe('body pages, shards and texts', () => {
  it('hands provinces out most reports first, ties by code, every province once', () => {
    const provinces = [
      { p: '11', reports: 35 },
      { p: '32', reports: 70 },
      { p: '44', reports: 35 },
      { p: '65', reports: 5 },
    ];
    expect(byWork(provinces)).toEqual(['32', '11', '44', '65']);
    expect(byWork([])).toEqual([]);
  });

  it('reads a province division by division, each body in exactly one part, a body across divisions in the last', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-parts-'));
    // 32-01 and 32-05 hold one body each; a third reported from 3201 one year and 3205 the next (a code changed).
    await conn.run(`COPY (SELECT * FROM (VALUES ('a', '320102'), ('a', '320102'), ('b', '320583'), ('c', '320111'),
      ('c', '320506'), ('d', '330100')) t(agency_id, region_code)) TO '${dir}/reports.parquet' (FORMAT parquet)`);
    const inBucket = `region_code >= '32' AND region_code < '32~'`;
    const parts = await partsOf(conn, dir, '32', inBucket);
    expect(parts.map((p) => p.where)).toEqual([
      `region_code >= '3201' AND region_code < '3201~'`,
      `region_code >= '3205' AND region_code < '3205~'`,
      inBucket,
    ]);
    const bodiesOf = async (p: { where: string; agencies: string }) =>
      (
        await conn.runAndReadAll(
          `SELECT DISTINCT agency_id FROM '${dir}/reports.parquet' WHERE ${p.where} AND ${p.agencies} ORDER BY 1`,
        )
      )
        .getRows()
        .map((r) => String(r[0]));
    expect(await Promise.all(parts.map(bodiesOf))).toEqual([['a'], ['b'], ['c']]);
    expect(await partsOf(conn, dir, '', 'region_code IS NULL')).toEqual([
      { where: 'region_code IS NULL', agencies: 'true' },
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('are the same files, byte for byte, whether one thread or two write them', async () => {
    const one = siteWith('one');
    const two = siteWith('two');
    const options = { dataDir: data, base: '/', reportPages: false, cards: false };
    const a = await writeBodies({ ...options, siteDir: one, threads: 1 });
    // Progress starts at 0 (its rate is timed from there) and counts each province once, whichever thread has it.
    const told: number[] = [];
    // Every province with a body to draw shared between the two threads (SPLIT_AT lowered to 1).
    const b = await writeBodies({
      ...options,
      siteDir: two,
      threads: 2,
      splitAt: 1,
      progress: (done) => told.push(done),
    });
    expect(told).toEqual(Array.from({ length: told.length }, (_, i) => i));
    expect(told.length).toBeGreaterThan(2);
    expect(b.provincesShared).toBeGreaterThan(0);
    expect({ ...b, provincesShared: 0 }).toEqual(a);
    expect(a.bodies).toBe(40);
    expect(files(two)).toEqual(files(one));
    for (const f of files(one)) expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f))), f).toBe(true);

    // A shard inflates, with plain zlib and the preset dictionary, to the body's data; its texts file holds every
    // report's text, numbered lines joined.
    const unzlib = (file: string, dictionary: Uint8Array) =>
      inflateSync(readFileSync(file), { dictionary }).toString('utf8');
    const id = files(one)
      .find((f) => f.startsWith('agency/') && f.endsWith('index.html'))!
      .split('/')[1];
    const shard = JSON.parse(unzlib(join(one, shardPath(id)), SHARD_DICTIONARY)) as BodyShard;
    expect(shard.id).toBe(id);
    expect(shard.reports.length).toBe(7);
    const texts = JSON.parse(unzlib(join(one, textsPath(id)), TEXTS_DICTIONARY)) as Record<string, string>;
    expect(Object.keys(texts).sort()).toEqual(shard.reports.map((r) => r.report_id).sort());
    for (const text of Object.values(texts)) expect(text).toMatch(/政府信息公开/);
    const page = readFileSync(join(one, 'agency', id, 'index.html'), 'utf8');
    expect(page).toContain(`data-texts="/${textsPath(id)}?v=`);
    expect(page).not.toContain('GONGKAI_SLOT');
  }, 120_000);

  it('a rebuild reads and draws only the bodies whose rows changed, and equals a build from scratch', async () => {
    const options = { base: '/', reportPages: false, cards: false, threads: 1 };
    const first = siteWith('first');
    const built = await writeBodies({ ...options, dataDir: data, siteDir: first });
    expect(built.bodiesDrawn).toBe(40);
    // The same data again: every body linked from the published site, no row read, nothing written.
    const same = await writeBodies({ ...options, dataDir: data, siteDir: siteWith('same'), previousDir: first });
    expect(same).toMatchObject({ bodies: 40, bodiesDrawn: 0, written: 0 });
    expect(same.provincesUnchanged).toBe(
      new Set(
        files(first)
          .filter((f) => f.startsWith('agency/'))
          .map((f) => f.slice(7, 9)),
      ).size,
    );

    // One report's file gains a line: its row (bytes, hash) and text change, its numbers and its peers' do not.
    const changedCorpus = join(dir, 'corpus-changed');
    cpSync(corpus, changedCorpus, { recursive: true });
    const changed = readdirSync(changedCorpus, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.txt'))
      .map((e) => join(e.parentPath, e.name))
      .sort()[0];
    appendFileSync(changed, '\n本报告另附说明。\n');
    const changedData = join(dir, 'data-changed');
    await buildData({
      reportsDir: changedCorpus,
      outDir: changedData,
      registryFile: join(dir, 'no-registry.csv'),
      workers: 1,
    });
    process.env.GONGKAI_REPORTS = changedCorpus;
    const next = siteWith('next');
    const rebuilt = await writeBodies({ ...options, dataDir: changedData, siteDir: next, previousDir: first });
    expect(rebuilt.bodiesDrawn).toBe(1);
    // That body's shard, texts and page are new; every other body file (all but buckets.json) is linked.
    expect(rebuilt.written).toBe(3);
    expect(rebuilt.reused).toBe(files(first).length - 1 - 3);
    const full = siteWith('full');
    await writeBodies({ ...options, dataDir: changedData, siteDir: full });
    process.env.GONGKAI_REPORTS = corpus;
    expect(files(next)).toEqual(files(full));
    for (const f of files(full)) expect(readFileSync(join(next, f)).equals(readFileSync(join(full, f))), f).toBe(true);
  }, 120_000);
});
