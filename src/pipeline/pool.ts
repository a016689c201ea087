/**
 * Parsing on every core: a pool of worker threads, each fed one file at a time, results yielded as they come.
 * A file that takes longer than the time limit stops its worker: the file becomes a failed report saying so and
 * a fresh worker takes the next file, so one pathological file never stalls a national build. With one worker
 * (the tests' in-process mode) it parses in-process, in order, without a limit.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { msg } from '../domain/messages.js';
import type { ParsedReport } from '../parse/report.js';
import { failedReport, parseFile } from './parse-file.js';

export interface Job {
  path: string;
  absolute: string;
}

/** Long enough for a 40-page scan read by OCR on a slow core; a text report takes milliseconds. */
export const FILE_TIME_LIMIT_MS = 10 * 60 * 1000;
/** A worker's heap: far above any real report (the largest PDF reads in ~200 MB), far below the machine. */
export const WORKER_HEAP_MB = 1536;

/** The per-file limits of a pooled parse; the defaults above, settable from `build:data`. */
export interface FileLimits {
  timeLimitMs?: number;
  heapMb?: number;
}

export async function* parseAll(
  jobs: Job[],
  workers = cpus().length,
  { timeLimitMs = FILE_TIME_LIMIT_MS, heapMb = WORKER_HEAP_MB }: FileLimits = {},
): AsyncGenerator<{ index: number; report: ParsedReport }> {
  if (workers <= 1) {
    for (let i = 0; i < jobs.length; i++)
      yield { index: i, report: await parseFile(jobs[i].path, jobs[i].absolute, readFileSync) };
    return;
  }
  yield* pooled(jobs, workers, timeLimitMs, heapMb);
}

/** The worker pool alone, whatever the number of jobs (exported for the time-limit test). */
export async function* pooled(
  jobs: Job[],
  workers: number,
  timeLimitMs: number,
  heapMb = WORKER_HEAP_MB,
): AsyncGenerator<{ index: number; report: ParsedReport }> {
  const queue: { index: number; report: ParsedReport }[] = [];
  const live = new Set<Worker>();
  let wake: (() => void) | null = null;
  let next = 0;
  let failure: Error | null = null;

  const start = () => {
    const w = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    live.add(w);
    let timer: NodeJS.Timeout | null = null;
    let current = -1;
    const feed = () => {
      if (next >= jobs.length) return;
      current = next++;
      const index = current;
      timer = setTimeout(() => {
        // Stopped mid-file: the file is reported as failed, and a new worker carries on with the rest.
        live.delete(w);
        void w.terminate();
        const why = msg('parser.time_limit', { seconds: Math.round(timeLimitMs / 1000) });
        queue.push({ index, report: failedReport(jobs[index].path, jobs[index].absolute, why) });
        start();
        wake?.();
      }, timeLimitMs);
      w.postMessage({ index, ...jobs[index] });
    };
    w.on('message', (msg: { ready: true } | { index: number; report: ParsedReport }) => {
      if ('ready' in msg) return feed();
      if (msg.index !== current) return;
      if (timer) clearTimeout(timer);
      current = -1;
      queue.push(msg);
      feed();
      wake?.();
    });
    w.on('error', (e) => {
      if (!live.has(w)) return;
      live.delete(w);
      if (timer) clearTimeout(timer);
      // A worker that dies on a file (out of memory) fails that file, not the build; before any file it is a bug.
      if (current < 0) failure = e;
      else {
        const why = /memory|heap/i.test(e.message)
          ? msg('parser.memory_limit', { mb: heapMb })
          : msg('parser.worker_failed', { detail: e.message });
        queue.push({ index: current, report: failedReport(jobs[current].path, jobs[current].absolute, why) });
        start();
      }
      wake?.();
    });
  };

  for (let i = 0; i < Math.min(workers, jobs.length); i++) start();
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
    await Promise.all([...live].map((w) => w.terminate()));
  }
}
