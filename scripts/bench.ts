/**
 * `npm run bench [-- --json FILE] [--small N] [--large N]`: parse throughput against the file-reading floor,
 * full data builds at two sizes (time, peak memory, Parquet bytes), and the site over the large build in
 * headless Chromium on 127.0.0.1 (time to first chart, bytes, explore queries), with an empty site as the floor.
 * Prints a short table and a JSON summary; figures, not pass/fail.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listInputs } from '../src/pipeline/corpus.js';
import { parseReport, parseReportAsync } from '../src/parse/report.js';
import { synthReport, writeCorpus } from './synth/generate.js';
import { launch } from './chromium.js';
import { exploreTimes, firstChart } from './bench-browser.js';

if (process.argv.includes('--national')) {
  // The national benchmark is its own run (a million reports through data and site): scripts/bench-national.ts.
  await import('./bench-national.js');
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    small: { type: 'string', default: '10000' },
    large: { type: 'string', default: '200000' },
    out: { type: 'string', default: 'bench-out' },
  },
});
const OUT = resolve(values.out!);
const SMALL = Number(values.small);
const LARGE = Number(values.large);
const log = (s: string) => console.error(`[bench] ${s}`);
mkdirSync(OUT, { recursive: true });

function corpus(n: number): string {
  const dir = join(OUT, `synth-${n}`);
  const manifest = join(dir, 'manifest.jsonl');
  if (existsSync(manifest) && readFileSync(manifest, 'utf8').trim().split('\n').length === n) return dir;
  rmSync(dir, { recursive: true, force: true });
  log(`writing ${n} synthetic reports to ${dir}`);
  writeCorpus(dir, n, 1);
  return dir;
}

function build(reports: string, out: string): { seconds: number; max_rss_mb: number } {
  log(`build:data ${reports} → ${out}`);
  const r = spawnSync(
    'npx',
    ['tsx', 'scripts/build-data.ts', '--reports', reports, '--out', out, '--quiet', '--no-csv'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const line = r.stderr.split('\n').find((l) => l.startsWith('GONGKAI_BUILD_STATS '));
  if (!line) throw new Error(`build failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(line.slice('GONGKAI_BUILD_STATS '.length));
}

// -------------------------------------------------------------- parse throughput (one core)
const small = corpus(SMALL);
const inputs = listInputs(small).filter((f) => !f.path.endsWith('manifest.jsonl'));
let t = performance.now();
let bytes = 0;
for (const f of inputs) bytes += readFileSync(f.absolute).byteLength;
const readSeconds = (performance.now() - t) / 1000;
t = performance.now();
for (const f of inputs) parseReport(f.path, readFileSync(f.absolute));
const parseSeconds = (performance.now() - t) / 1000;
const parse_reports_per_s = inputs.length / parseSeconds;
const read_floor_reports_per_s = inputs.length / readSeconds;
log(`parse ${parse_reports_per_s.toFixed(0)} reports/s; read floor ${read_floor_reports_per_s.toFixed(0)} reports/s`);

/** Reports per second for one real file of a binary format, read and parsed `runs` times (one core). */
async function formatThroughput(file: string, runs = 10): Promise<number> {
  const bytes = readFileSync(resolve('data/reports', file));
  await parseReportAsync(file, bytes);
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await parseReportAsync(file, bytes);
  return runs / ((performance.now() - t0) / 1000);
}
const parse_pdf_reports_per_s = await formatThroughput('corpus/raw/js_huaian_2024_szf.pdf');
log(`parse PDF ${parse_pdf_reports_per_s.toFixed(1)} reports/s (淮安 2024, 7 pages)`);

/** Reports per second for synthetic reports written in one binary layout (one core). */
function layoutThroughput(layout: string, count = 200): number {
  const files: Uint8Array[] = [];
  for (let i = 0; files.length < count; i++) {
    const r = synthReport(i, 99);
    if (r.truth.layout === layout) files.push(r.bytes);
  }
  const t0 = performance.now();
  files.forEach((bytes, i) => parseReport(`${i}.${layout}`, bytes));
  return count / ((performance.now() - t0) / 1000);
}
const parse_docx_reports_per_s = layoutThroughput('docx');
const parse_xlsx_reports_per_s = layoutThroughput('xlsx');
log(
  `parse DOCX ${parse_docx_reports_per_s.toFixed(0)} reports/s, XLSX ${parse_xlsx_reports_per_s.toFixed(0)} reports/s`,
);

// -------------------------------------------------------------- one line against many (the same text)
/** Milliseconds to parse ~1 MB of one real report's text, repeated, laid out one way (best of 3). */
function linesParseMs(text: string): number {
  const bytes = new TextEncoder().encode(text);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    parseReport('lines.txt', bytes);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
const reportText = readFileSync('data/reports/corpus/raw/js_huaian_2024_szf.pdf.layout.txt', 'utf8');
const manyLines = Array.from({ length: Math.ceil(1_000_000 / reportText.length) }, () => reportText).join('\n');
const parse_many_lines_ms = linesParseMs(manyLines);
const parse_one_line_ms = linesParseMs(manyLines.replace(/\s*\n\s*/g, ' '));
const one_to_many_line_ratio = parse_one_line_ms / parse_many_lines_ms;
log(
  `~1 MB of text: one line ${parse_one_line_ms.toFixed(0)} ms, many lines ${parse_many_lines_ms.toFixed(0)} ms (ratio ${one_to_many_line_ratio.toFixed(2)}, target <= 3)`,
);

// -------------------------------------------------------------- builds
const smallBuild = build(small, join(OUT, `data-${SMALL}`));
const large = corpus(LARGE);
const pub = join(OUT, `public-${LARGE}`);
const largeBuild = build(large, join(pub, 'data'));
// The long tables' parts are in folders (cells/32.parquet).
const parquetBytes = readdirSync(join(pub, 'data'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.parquet'))
  .reduce((a, f) => a + statSync(join(pub, 'data', f)).size, 0);

// -------------------------------------------------------------- site over the large build, and an empty floor
function site(publicDir: string, outDir: string): number {
  copyFileSync('public/favicon.svg', join(publicDir, 'favicon.svg'));
  const t0 = performance.now();
  execFileSync('npx', ['astro', 'build'], {
    stdio: 'pipe',
    env: {
      ...process.env,
      GONGKAI_PUBLIC: publicDir,
      GONGKAI_OUT: outDir,
      GONGKAI_PAGES: 'summary',
      GONGKAI_BASE: '/',
    },
    maxBuffer: 1 << 28,
  });
  return (performance.now() - t0) / 1000;
}
log('astro build over the large data');
const siteSeconds = site(pub, join(OUT, `site-${LARGE}`));
const emptyPub = join(OUT, 'public-empty');
mkdirSync(join(OUT, 'reports-empty'), { recursive: true });
build(join(OUT, 'reports-empty'), join(emptyPub, 'data'));
site(emptyPub, join(OUT, 'site-empty'));

const countyDb = await (await DuckDBInstance.create(':memory:')).connect();
const county = String(
  (
    await countyDb.runAndReadAll(
      `SELECT county_code FROM '${join(pub, 'data/reports.parquet')}' WHERE county_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    )
  ).getRows()[0][0],
);

const browser = await launch();
const home = await firstChart(browser, join(OUT, `site-${LARGE}`), '');
const countyPage = await firstChart(browser, join(OUT, `site-${LARGE}`), `region/${county}/`);
const floor = await firstChart(browser, join(OUT, 'site-empty'), '');
const explore = await exploreTimes(browser, join(OUT, `site-${LARGE}`));
await browser.close();

const summary = {
  reports_small: SMALL,
  reports_large: LARGE,
  parse_reports_per_s: Math.round(parse_reports_per_s),
  parse_mb_per_s: Number((bytes / 1e6 / parseSeconds).toFixed(2)),
  read_floor_reports_per_s: Math.round(read_floor_reports_per_s),
  parse_to_read_ratio: Number((read_floor_reports_per_s / parse_reports_per_s).toFixed(1)),
  parse_pdf_reports_per_s: Number(parse_pdf_reports_per_s.toFixed(1)),
  parse_docx_reports_per_s: Math.round(parse_docx_reports_per_s),
  parse_xlsx_reports_per_s: Math.round(parse_xlsx_reports_per_s),
  parse_one_line_ms: Math.round(parse_one_line_ms),
  parse_many_lines_ms: Math.round(parse_many_lines_ms),
  one_to_many_line_ratio: Number(one_to_many_line_ratio.toFixed(2)),
  build_s_10k: Number(smallBuild.seconds.toFixed(1)),
  build_peak_mb_10k: Math.round(smallBuild.max_rss_mb),
  build_s_200k: Number(largeBuild.seconds.toFixed(1)),
  build_peak_mb_200k: Math.round(largeBuild.max_rss_mb),
  parquet_bytes_per_report: Math.round(parquetBytes / LARGE),
  site_build_s_200k: Number(siteSeconds.toFixed(1)),
  first_chart_ms_home: Math.round(home.ms),
  bytes_home: home.bytes,
  first_chart_ms_county: Math.round(countyPage.ms),
  bytes_county: countyPage.bytes,
  first_chart_ms_floor: Math.round(floor.ms),
  bytes_floor: floor.bytes,
  explore_first_query_ms: Math.round(explore.first),
  explore_repeat_query_ms: Math.round(explore.repeat),
  explore_bytes: explore.bytes,
  county_code: county,
};
if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify(summary, null, 2));
console.log(
  [
    '',
    `parse      ${summary.parse_reports_per_s} reports/s (${summary.parse_mb_per_s} MB/s), read floor ${summary.read_floor_reports_per_s}/s`,
    `build      ${SMALL}: ${summary.build_s_10k} s, ${summary.build_peak_mb_10k} MB · ${LARGE}: ${summary.build_s_200k} s, ${summary.build_peak_mb_200k} MB · ${summary.parquet_bytes_per_report} B/report`,
    `site       home ${summary.first_chart_ms_home} ms / ${summary.bytes_home} B · county ${summary.first_chart_ms_county} ms / ${summary.bytes_county} B · floor ${summary.first_chart_ms_floor} ms / ${summary.bytes_floor} B`,
    `explore    first ${summary.explore_first_query_ms} ms, repeat ${summary.explore_repeat_query_ms} ms, ${summary.explore_bytes} B`,
  ].join('\n'),
);
