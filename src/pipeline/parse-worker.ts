/** A parse worker: file paths in, parsed reports out (one job per message; the pool keeps it busy). */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { parseFile } from './parse-file.js';

parentPort!.on('message', async (job: { index: number; path: string; absolute: string }) => {
  parentPort!.postMessage({ index: job.index, report: await parseFile(job.path, job.absolute, readFileSync) });
});
// Loaded: the pool starts a file's clock only from here, so loading the parser never counts against a file.
parentPort!.postMessage({ ready: true });
