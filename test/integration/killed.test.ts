/**
 * A data build killed outright (SIGKILL, through the GONGKAI_KILL_AT hook in src/pipeline/kill-point.ts) at every
 * point — after N reports, just after each output file, between the two renames of the swap — leaves the
 * previous dataset whole and consistent, and the next build gives the same bytes as a clean one.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildData } from '../../src/pipeline/build.js';
import { TABLES, partFile } from '../../src/domain/dataset.js';
import type { BuildSummary } from '../../src/pipeline/summary.js';
import { consistentBuild } from '../../src/site/build-check.js';
import { REPORTS, ROOT } from '../fixtures/reports.js';

/** A build's outputs: each whole table's files, and each part's of the tables published in parts. */
const outputsOf = (parts: string[]) => [
  ...TABLES.flatMap((t) =>
    (t.partitioned ? parts.map((p) => partFile(t, p)) : [t.file]).flatMap((f) => [f, f.replace(/\.parquet$/, '.csv')]),
  ),
  'registry-proposals.csv',
  'build-summary.json',
  'build-summary.txt',
  'build-files.csv.gz',
];

let parent: string;
let previous: string;
let previousId: string;
const NEW_INPUT = join(REPORTS, 'seeds');

/** Every file of a data folder (the parts in their folders), path → bytes. */
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(dir, f)).isFile())
      .sort()
      .map((f) => [f, readFileSync(join(dir, f)).toString('base64')]),
  );

/** How the build process ended: 0, another exit code, or 'killed' (tsx relays its child's SIGKILL as 137). */
function buildDataProcess(out: string, killAt?: string): Promise<number | 'killed'> {
  return new Promise((done) => {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/build-data.ts', '--reports', NEW_INPUT, '--out', out, '--workers', '1', '--quiet'],
      { cwd: ROOT, env: { ...process.env, ...(killAt ? { GONGKAI_KILL_AT: killAt } : {}) }, stdio: 'ignore' },
    );
    child.on('exit', (code, signal) => done(signal === 'SIGKILL' || code === 137 ? 'killed' : (code ?? -1)));
  });
}

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'gongkai-kill-'));
  // The previous dataset: another corpus, so a mix of the two would show.
  previous = join(parent, 'previous');
  const corpus = join(parent, 'corpus');
  mkdirSync(corpus);
  cpSync(join(REPORTS, 'corpus', 'raw', 'js_huaian_2024_szf.pdf.layout.txt'), join(corpus, 'huaian.txt'));
  await buildData({ reportsDir: corpus, outDir: previous });
  previousId = await consistentBuild(previous);
});

afterAll(() => rmSync(parent, { recursive: true, force: true }));

it('a build killed at any point leaves the previous data whole, and the next build equals a clean one', async () => {
  const before = snapshot(previous);
  const clean = join(parent, 'clean');
  expect(await buildDataProcess(clean)).toBe(0);
  const cleanFiles = snapshot(clean);
  const parts = Object.keys(
    (JSON.parse(readFileSync(join(clean, 'build-summary.json'), 'utf8')) as BuildSummary).parts!,
  );
  expect(parts.length).toBeGreaterThan(1);
  // Every point the hook names is a real file of the build (a renamed output would make the hook miss silently).
  expect(Object.keys(cleanFiles).sort()).toEqual(outputsOf(parts).sort());
  expect(await consistentBuild(clean)).not.toBe(previousId);

  // Two at a time: each point in its own copy of the previous dataset. Of the parts, the first stands for all
  // (they are written by one loop).
  const pending = ['parsed:2', ...outputsOf(parts.slice(0, 1)), 'swap'];
  const killOne = async (): Promise<void> => {
    const point = pending.shift();
    if (!point) return;
    const dir = join(parent, `at-${point.replace(/[^\w.-]/g, '_')}`);
    const data = join(dir, 'data');
    cpSync(previous, data, { recursive: true });
    expect(await buildDataProcess(data, point), point).toBe('killed');
    if (point === 'swap') {
      // Killed between its two renames, the build left the old data aside: the next build puts it back first,
      // even if it dies itself.
      expect(await buildDataProcess(data, 'parsed:1')).toBe('killed');
    }
    expect(snapshot(data), point).toEqual(before);
    expect(await consistentBuild(data), point).toBe(previousId);
    expect(await buildDataProcess(data), point).toBe(0);
    expect(snapshot(data), point).toEqual(cleanFiles);
    // Nothing of the killed build is left beside the data: no staging, previous or lock.
    expect(readdirSync(dir), point).toEqual(['data']);
    return killOne();
  };
  await Promise.all([killOne(), killOne()]);
}, 240_000);
