/** A parse worker: file paths in, records out (one job per message; the pool keeps a few queued). */
import { parentPort } from 'node:worker_threads';
import { displayCacheDir } from '../formats/display.js';
import { PARSER_VERSION } from '../parse/report.js';
import { parseSigned } from './parse-file.js';
import { recordOf } from './records.js';

// Jobs queue up here and are parsed one after another, in order (a PDF's parse awaits: without the chain the
// next file would start alongside it): the pool counts on results coming back in the order it sent the files.
let chain = Promise.resolve();
const cache = { dir: displayCacheDir(), version: PARSER_VERSION };
parentPort!.on('message', (job: { index: number; path: string; absolute: string }) => {
  chain = chain.then(async () => {
    const { report, signature, rows } = await parseSigned(job.path, job.absolute, cache);
    // The rows go to the main thread, which writes them to the cache (formats/display.ts); moved, not copied, as
    // are the cells.
    const record = recordOf(report, job.path);
    parentPort!.postMessage({ index: job.index, record, signature, rows }, [
      record.cells.buffer,
      ...(rows ? [rows.buffer as ArrayBuffer] : []),
    ]);
  });
});
// Loaded: the pool starts a file's clock only from here, so loading the parser never counts against a file.
parentPort!.postMessage({ ready: true });
