/**
 * Parsing on every core: a pool of worker threads, each kept a few files ahead, records yielded as they come.
 * A file that takes longer than the time limit stops its worker: the file becomes a failed report saying so and
 * a fresh worker takes the next file, so one pathological file never stalls a national build. With one worker
 * (the tests' in-process mode) it parses in-process, in order, without a limit.
 */
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { msg, type Message } from '../domain/messages.js';
import { failedReport, parseSigned } from './parse-file.js';
import type { Signature } from './file-hashes.js';
import { recordOf, type ReportRecord } from './records.js';

export interface Parsed {
  /** The job's position in the list given. */
  index: number;
  record: ReportRecord;
  /** The file's signature taken before it was read; null when there is none to trust (a stopped parse). */
  signature: Signature | null;
  /** A PDF's, Word or Excel file's rebuilt rows, packed for the text cache (pooled parses only). */
  rows: Uint8Array | null;
}

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
): AsyncGenerator<Parsed> {
  if (workers <= 1) {
    for (let i = 0; i < jobs.length; i++) {
      const { report, signature } = await parseSigned(jobs[i].path, jobs[i].absolute);
      yield { index: i, record: recordOf(report, jobs[i].path), signature, rows: null };
    }
    return;
  }
  yield* pooled(jobs, workers, timeLimitMs, heapMb);
}

/**
 * Files sent ahead to each worker. One at a time left a worker idle from the moment it posted a report until the
 * main thread, busy appending the previous one, got round to sending the next file: on two cores the parsers
 * waited almost half the time.
 */
const QUEUED_PER_WORKER = 4;

/** The worker pool alone, whatever the number of jobs (exported for the time-limit test). */
export async function* pooled(
  jobs: Job[],
  workers: number,
  timeLimitMs: number,
  heapMb = WORKER_HEAP_MB,
): AsyncGenerator<Parsed> {
  const queue: Parsed[] = [];
  const live = new Set<Worker>();
  let wake: (() => void) | null = null;
  let next = 0;
  /** Files a stopped worker had queued but not begun: the next worker to ask takes them first. */
  const handedBack: number[] = [];
  let failure: Error | null = null;
  const failedRecord = (index: number, why: Message): Parsed => ({
    index,
    record: recordOf(failedReport(jobs[index].path, jobs[index].absolute, why), jobs[index].path),
    signature: null,
    rows: null,
  });

  const start = () => {
    const w = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    live.add(w);
    let timer: NodeJS.Timeout | null = null;
    /** Sent and not yet back, in order: the first is the file being parsed. */
    const sent: number[] = [];
    /** Stops this worker; its current file is failed with `why`, the rest go to another worker. */
    const stop = (why: Message) => {
      live.delete(w);
      if (timer) clearTimeout(timer);
      void w.terminate();
      queue.push(failedRecord(sent.shift()!, why));
      handedBack.push(...sent);
      start();
      wake?.();
    };
    // The clock of the file being parsed starts when the one before it came back (or when it was sent).
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = sent.length
        ? setTimeout(() => stop(msg('parser.time_limit', { seconds: Math.round(timeLimitMs / 1000) })), timeLimitMs)
        : null;
    };
    const feed = () => {
      const wasIdle = sent.length === 0;
      while (sent.length < QUEUED_PER_WORKER) {
        const index = handedBack.length ? handedBack.shift()! : next < jobs.length ? next++ : -1;
        if (index < 0) break;
        sent.push(index);
        w.postMessage({ index, ...jobs[index] });
      }
      if (wasIdle) arm();
    };
    w.on('message', (m: { ready: true } | Parsed) => {
      if ('ready' in m) return feed();
      if (m.index !== sent[0]) return;
      sent.shift();
      queue.push(m);
      arm();
      feed();
      wake?.();
    });
    w.on('error', (e) => {
      if (!live.has(w)) return;
      // A worker that dies on a file (out of memory) fails that file, not the build; before any file it is a bug.
      if (!sent.length) {
        live.delete(w);
        if (timer) clearTimeout(timer);
        failure = e;
        wake?.();
        return;
      }
      stop(
        /memory|heap/i.test(e.message)
          ? msg('parser.memory_limit', { mb: heapMb })
          : msg('parser.worker_failed', { detail: e.message }),
      );
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
