/** `npm run build:data [-- --reports DIR --out DIR]`: parse every report and write the Parquet files. */
import { parseArgs } from 'node:util';
import { buildData } from '../src/build/build.js';
import { summaryText } from '../src/build/summary.js';

const { values } = parseArgs({
  options: { reports: { type: 'string', default: 'data/reports' }, out: { type: 'string', default: 'public/data' }, quiet: { type: 'boolean', default: false } },
});
const started = performance.now();
const { summary, files } = await buildData({ reportsDir: values.reports!, outDir: values.out!, log: (s) => console.error(s) });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(summaryText(summary, !values.quiet && summary.inputs <= 200));
console.error(`wrote ${files.join(', ')} in ${seconds.toFixed(2)} s`);
