/**
 * `npm run build:data [-- --reports DIR --out DIR --workers N --file-time-limit S --file-memory MB --no-incremental
 * --verbose]`: parse every report (or, incrementally, those that changed since the published build) and write the
 * Parquet files. `--collect` first collects the columns of `data/sources/*.csv` from their sites into
 * `data/reports/collected` (opt-in: the default build reads only what is on disk and never goes on the network).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { collect } from '../src/collect/crawl.js';
import { readSources } from '../src/collect/sources.js';
import { buildData } from '../src/pipeline/build.js';
import { cpus } from 'node:os';
import { summaryText } from '../src/pipeline/summary.js';
import { FILE_TIME_LIMIT_MS, WORKER_HEAP_MB } from '../src/pipeline/pool.js';
import { progress } from './progress.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: 'data/reports' },
    out: { type: 'string', default: 'public/data' },
    workers: { type: 'string', default: String(cpus().length) },
    'no-csv': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'file-time-limit': { type: 'string', default: String(FILE_TIME_LIMIT_MS / 1000) },
    'file-memory': { type: 'string', default: String(WORKER_HEAP_MB) },
    'no-incremental': { type: 'boolean', default: false },
    collect: { type: 'boolean', default: false },
    sources: { type: 'string', default: 'data/sources' },
    contact: { type: 'string' },
  },
});
if (values.collect) {
  const urls = readSources(values.sources!).map((s) => s.column_url);
  const contact = values.contact ?? process.env.GONGKAI_CONTACT;
  if (!contact) {
    console.error('build:data --collect: set a contact URL (--contact URL or GONGKAI_CONTACT): sites must reach you');
    process.exit(1);
  }
  const out = join(values.reports!, 'collected');
  const run = await collect({ urls, out, contact, log: (s) => console.error(s) });
  console.error(`collected ${run.reports} reports and ${run.files} files from ${urls.length} columns into ${out}`);
}
const started = performance.now();
let built;
const bar = progress('build:data', 'reports');
try {
  built = await buildData({
    reportsDir: values.reports!,
    outDir: values.out!,
    workers: Number(values.workers),
    csv: !values['no-csv'],
    limits: { timeLimitMs: Number(values['file-time-limit']) * 1000, heapMb: Number(values['file-memory']) },
    incremental: !values['no-incremental'],
    log: (s) => console.error(s),
    progress: bar.update,
  });
  bar.stop();
} catch (e) {
  bar.stop();
  // A full disk, a second build, a missing folder: one line, and the published data is as it was.
  console.error(`build:data failed: ${(e as Error).message}. The data in ${values.out} is unchanged.`);
  if (values.verbose) console.error(e);
  process.exit(1);
}
const { summary, files } = built;
const seconds = (performance.now() - started) / 1000;
process.stdout.write(summaryText(summary, !values.quiet && summary.inputs <= 200));
console.error(`wrote ${files.length} files to ${values.out} in ${seconds.toFixed(2)} s`);
// Machine-readable figures for the benchmark: wall time and peak memory of this process.
console.error(
  `GONGKAI_BUILD_STATS ${JSON.stringify({ seconds, max_rss_mb: process.resourceUsage().maxRSS / 1024, inputs: summary.inputs })}`,
);
