/**
 * Parsing on every core: a pool of worker threads, each fed one file at a time, results yielded as they come.
 * With one worker (or none available) it parses in-process, in order.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ParsedReport } from '../parse/report.js';
import { parseFile } from './parse-file.js';

export interface Job {
  path: string;
  absolute: string;
}

export async function* parseAll(
  jobs: Job[],
  workers = cpus().length,
): AsyncGenerator<{ index: number; report: ParsedReport }> {
  if (workers <= 1 || jobs.length < 64) {
    for (let i = 0; i < jobs.length; i++)
      yield { index: i, report: await parseFile(jobs[i].path, jobs[i].absolute, readFileSync) };
    return;
  }
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./parse-worker.mjs', import.meta.url)));
  const queue: { index: number; report: ParsedReport }[] = [];
  let wake: (() => void) | null = null;
  let next = 0;
  let failure: Error | null = null;
  const feed = (w: Worker) => {
    if (next < jobs.length) {
      const index = next++;
      w.postMessage({ index, ...jobs[index] });
    }
  };
  for (const w of pool) {
    w.on('message', (msg: { index: number; report: ParsedReport }) => {
      queue.push(msg);
      feed(w);
      wake?.();
    });
    w.on('error', (e) => {
      failure = e;
      wake?.();
    });
    // Two jobs in flight per worker keep it busy while the main thread appends rows.
    feed(w);
    feed(w);
  }
  try {
    let yielded = 0;
    while (yielded < jobs.length) {
      if (failure) throw failure;
      if (!queue.length) await new Promise<void>((r) => (wake = r));
      wake = null;
      while (queue.length) {
        yield queue.shift()!;
        yielded++;
      }
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
