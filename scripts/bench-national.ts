/**
 * `npm run bench -- --national [--bodies 150000] [--corpus DIR] [--out DIR] [--json FILE]`: the national site on
 * this machine. A corpus of every body of the real division structure × 2019–2025 (written once, reused from
 * `--corpus` after), built through data and site as a maintainer would (`build:data`, `build:site`, wall clock
 * and peak memory of the whole process tree), then one province's reports changed and rebuilt incrementally, then
 * the site in Chromium: compare's first chart, explore's first and repeated query. Prints the figures as JSON.
 * `--reuse-data` keeps the data an earlier run built from the same corpus and measures from the site on (the
 * data keys are then null).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReport } from '../src/parse/report.js';
import { listInputs } from '../src/pipeline/corpus.js';
import { exploreTimes, firstChart } from './bench-browser.js';
import { launch } from './chromium.js';
import { NATIONAL_YEARS } from './synth/national.js';

const { values } = parseArgs({
  options: {
    national: { type: 'boolean' },
    bodies: { type: 'string', default: '150000' },
    corpus: { type: 'string' },
    out: { type: 'string', default: 'bench-out/national' },
    json: { type: 'string' },
    province: { type: 'string', default: '32' },
    // Keep the data a previous run built from this corpus (its build figures are that run's): the site alone.
    'reuse-data': { type: 'boolean', default: false },
  },
});
const OUT = resolve(values.out!);
const BODIES = Number(values.bodies);
const CORPUS = resolve(values.corpus ?? join(OUT, 'corpus'));
const PUBLIC = join(OUT, 'public');
const SITE = join(OUT, 'site');
const log = (s: string) => console.error(`[bench:national] ${s}`);
mkdirSync(OUT, { recursive: true });

/** Resident memory of a process and all its descendants, in MB, from /proc (a build spawns Astro, workers…). */
function treeRssMb(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The field after the parenthesised command name: state, then the parent's pid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let pages = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      pages += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    } catch {
      // Ended.
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return (pages * 4096) / 2 ** 20;
}

/** Runs a command: wall seconds and the peak of the summed resident memory of its whole process tree. */
function timed(cmd: string[], env: NodeJS.ProcessEnv = {}): Promise<{ seconds: number; peak_mb: number }> {
  log(cmd.join(' '));
  const t0 = performance.now();
  const child = spawn(cmd[0], cmd.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'pipe'] });
  let tail: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = [...tail, ...chunk.toString('utf8').split('\n')].slice(-30);
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(child.pid!))), 250);
  return new Promise((done, fail) =>
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code !== 0) fail(new Error(`${cmd.join(' ')} failed (${code}):\n${tail.join('\n')}`));
      else done({ seconds: (performance.now() - t0) / 1000, peak_mb: peak });
    }),
  );
}

const count = (dir: string): number =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
function treeBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) {
      bytes += statSync(join(e.parentPath, e.name)).size;
      files++;
    }
  return { bytes, files };
}

// -------------------------------------------------------------- the corpus (written once)
const expected = BODIES * NATIONAL_YEARS.length;
if (!existsSync(CORPUS) || count(CORPUS) < expected) {
  const parts = cpus().length;
  log(`writing ${expected} reports to ${CORPUS} in ${parts} processes`);
  const t0 = performance.now();
  const codes = await Promise.all(
    Array.from(
      { length: parts },
      (_, i) =>
        new Promise<number | null>((done) =>
          spawn(
            'npx',
            ['tsx', 'scripts/synth.ts', '--national', String(BODIES), '--part', `${i}/${parts}`, '--out', CORPUS],
            { stdio: 'inherit' },
          ).on('exit', done),
        ),
    ),
  );
  if (codes.some((c) => c !== 0)) throw new Error('synth failed');
  log(`corpus written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const inputs = listInputs(CORPUS);
log(`${inputs.length} reports in ${CORPUS}`);

// -------------------------------------------------------------- parse throughput, one core, a sample
const sample = inputs.filter((_, i) => i % Math.max(1, Math.floor(inputs.length / 5000)) === 0).slice(0, 5000);
const files = sample.map((f) => ({ path: f.path, bytes: readFileSync(f.absolute) }));
let best = Infinity;
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  for (const f of files) parseReport(f.path, f.bytes);
  best = Math.min(best, (performance.now() - t0) / 1000);
}
const parse_reports_per_s_per_core = files.length / best;
log(`parse: ${parse_reports_per_s_per_core.toFixed(0)} reports/s on one core`);

// -------------------------------------------------------------- the whole build, from scratch
mkdirSync(PUBLIC, { recursive: true });
copyFileSync('public/favicon.svg', join(PUBLIC, 'favicon.svg'));
const siteEnv = { GONGKAI_PUBLIC: PUBLIC, GONGKAI_OUT: SITE, GONGKAI_REPORTS: CORPUS, GONGKAI_BASE: '/' };
/** `build:data` over the corpus into the benchmark's public folder, as a maintainer runs it. */
const buildData = (...flags: string[]) =>
  timed([
    'npx',
    'tsx',
    'scripts/build-data.ts',
    '--reports',
    CORPUS,
    '--out',
    join(PUBLIC, 'data'),
    '--quiet',
    ...flags,
  ]);
/** A copy of a folder's tree made of hard links. */
function linkTree(from: string, to: string) {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true }))
    if (e.isDirectory()) linkTree(join(from, e.name), join(to, e.name));
    else linkSync(join(from, e.name), join(to, e.name));
}
const buildSite = () => timed(['npx', 'tsx', 'scripts/build-site.ts'], siteEnv);
// From scratch: no published site, no retired one and no incremental cache beside it.
rmSync(SITE, { recursive: true, force: true });
rmSync(`${SITE}.retired`, { recursive: true, force: true });
rmSync(join(OUT, '.site-astro-cache'), { recursive: true, force: true });
const reuseData = values['reuse-data'] && existsSync(join(PUBLIC, 'data', 'reports.parquet'));
if (reuseData) log(`keeping the data in ${join(PUBLIC, 'data')}`);
const data = reuseData ? null : await buildData('--no-incremental');
const siteBuild = await buildSite();
const site = treeBytes(SITE);
const bodyDir = join(SITE, 'agency');
const bodyPages = readdirSync(bodyDir)
  .filter((_, i) => i % 500 === 0)
  .map((id) => statSync(join(bodyDir, id, 'index.html')).size)
  .sort((a, b) => a - b);

// -------------------------------------------------------------- one province changed, rebuilt incrementally
log(`changing province ${values.province}: new numbers for its reports`);
const seed = 2 + (Date.now() % 997);
// Another seed may draw another layout (another file extension): the province's old files go first, as a
// re-collected province replaces its files.
rmSync(join(CORPUS, values.province!), { recursive: true, force: true });
spawnSync(
  'npx',
  [
    'tsx',
    'scripts/synth.ts',
    '--national',
    String(BODIES),
    '--province',
    values.province!,
    '--seed',
    String(seed),
    '--out',
    CORPUS,
  ],
  { stdio: 'inherit' },
);
const dataAgain = await buildData();
// A weekly rebuild finds the site before last retired beside the published one (src/pipeline/publish.ts) and
// removes it while it builds: one is put there (linked, not timed) so the rebuild pays for that as well.
linkTree(SITE, `${SITE}.retired`);
const siteAgain = await buildSite();

// -------------------------------------------------------------- the site in Chromium
const browser = await launch();
const body = readdirSync(bodyDir).find((id) => id.startsWith(values.province!))!;
const compare = await firstChart(
  browser,
  SITE,
  `compare/?items=r:${values.province}0000,a:${body}&metric=requests_new`,
  // A drawn mark (bars and markers carry their value); the patterns in <defs> are rects too, never visible.
  'figure[data-chart="compare"] svg [data-value]',
);
const explore = await exploreTimes(browser, SITE);
await browser.close();

const summary = {
  reports_national: inputs.length,
  bodies: BODIES,
  parse_reports_per_s_per_core: Math.round(parse_reports_per_s_per_core),
  build_data_s_1m: data ? Number(data.seconds.toFixed(1)) : null,
  build_data_peak_mb_1m: data ? Math.round(data.peak_mb) : null,
  build_site_s_1m: Number(siteBuild.seconds.toFixed(1)),
  build_site_peak_mb_1m: Math.round(siteBuild.peak_mb),
  build_s_1m: data ? Number((data.seconds + siteBuild.seconds).toFixed(1)) : null,
  build_peak_mb_1m: data ? Math.round(Math.max(data.peak_mb, siteBuild.peak_mb)) : null,
  site_bytes_1m: site.bytes,
  site_files_1m: site.files,
  agency_page_bytes: bodyPages[Math.floor(bodyPages.length / 2)],
  incremental_rebuild_s: Number((dataAgain.seconds + siteAgain.seconds).toFixed(1)),
  incremental_data_s: Number(dataAgain.seconds.toFixed(1)),
  incremental_site_s: Number(siteAgain.seconds.toFixed(1)),
  incremental_peak_mb: Math.round(Math.max(dataAgain.peak_mb, siteAgain.peak_mb)),
  compare_first_chart_ms: Math.round(compare.ms),
  explore_first_query_ms_1m: Math.round(explore.first),
  explore_repeat_query_ms_1m: Math.round(explore.repeat),
};
if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify(summary, null, 2));
