/** A parser process: file paths in, records out (one job per message; the pool keeps a few queued). */
import { displayCacheDir } from '../formats/display.js';
import { PARSER_VERSION } from '../parse/report.js';
import { killPoint } from './kill-point.js';
import { parseSigned } from './parse-file.js';
import { recordOf } from './records.js';

const send = (message: unknown) => process.send!(message);
// Jobs queue up here and are parsed one after another, in order (a PDF's parse awaits: without the chain the
// next file would start alongside it): the pool counts on results coming back in the order it sent the files.
let chain = Promise.resolve();
const cache = { dir: displayCacheDir(), version: PARSER_VERSION };
process.on('message', (job: { index: number; path: string; absolute: string }) => {
  chain = chain.then(async () => {
    killPoint(`parsing:${job.path}`);
    const { report, signature, rows } = await parseSigned(job.path, job.absolute, cache);
    // The rows go to the build's process, which writes them to the cache (formats/display.ts). The resident
    // memory rides along: the build counts its parsers' with its own.
    send({ index: job.index, record: recordOf(report, job.path), signature, rows, rss: process.memoryUsage.rss() });
  });
});
// The build gone (killed, or finished without a word), nothing is left to parse for.
process.on('disconnect', () => process.exit(0));
// Loaded: the pool starts a file's clock only from here, so loading the parser never counts against a file.
send({ ready: true });
