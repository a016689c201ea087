/** A parse worker: file paths in, records out (one job per message; the pool keeps a few queued). */
import { parentPort } from 'node:worker_threads';
import { displayCacheDir } from '../formats/display.js';
import { PARSER_VERSION } from '../parse/report.js';
import { parseSigned } from './parse-file.js';
import { recordOf } from './records.js';

// Jobs queue up here and are parsed one after another, in order (a PDF's parse awaits: without the chain the
// next file would start alongside it): the pool counts on results coming back in the order it sent the files.
let chain = Promise.resolve();
const display = { dir: displayCacheDir(), version: PARSER_VERSION };
parentPort!.on('message', (job: { index: number; path: string; absolute: string }) => {
  chain = chain.then(async () => {
    const { report, signature } = await parseSigned(job.path, job.absolute, display);
    parentPort!.postMessage({ index: job.index, record: recordOf(report, job.path), signature });
  });
});
// Loaded: the pool starts a file's clock only from here, so loading the parser never counts against a file.
parentPort!.postMessage({ ready: true });
