/**
 * Parsing on every core: a pool of parser processes, each kept a few files ahead, records yielded as they come.
 * A file that takes longer than the time limit, or more memory than the heap limit, stops its parser: the file
 * becomes a failed report saying so and a fresh parser takes the next file, so one pathological file never
 * stalls or stops a national build. Processes, not worker threads: a worker thread's heap limit is best-effort
 * (nodejs/node#47224) — a real 7-page PDF at a 144 MB limit aborted the whole build, with V8's "heap out of
 * memory", in one run of three — while a process that aborts takes only its own files with it. With one parser
 * (the tests' in-process mode) it parses in-process, in order, without a limit.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
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
/** A parser's heap: far above any real report (the largest PDF reads in ~200 MB), far below the machine. */
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
  peaks?: ParserPeaks,
): AsyncGenerator<Parsed> {
  if (workers <= 1) {
    for (let i = 0; i < jobs.length; i++) {
      const { report, signature } = await parseSigned(jobs[i].path, jobs[i].absolute);
      yield { index: i, record: recordOf(report, jobs[i].path), signature, rows: null };
    }
    return;
  }
  yield* pooled(jobs, workers, timeLimitMs, heapMb, peaks);
}

/**
 * Files sent ahead to each worker. One at a time left a worker idle from the moment it posted a report until the
 * main thread, busy appending the previous one, got round to sending the next file: on two cores the parsers
 * waited almost half the time.
 */
const QUEUED_PER_WORKER = 4;

/** What a parser process says: it is ready, or a file's record (with its resident memory, in bytes). */
type FromParser = { ready: true } | (Parsed & { rss: number });

/** The parser's entry (tsx's loader, then the parser): see parse-worker.mjs. */
const PARSER_ENTRY = fileURLToPath(new URL('./parse-worker.mjs', import.meta.url));
/** The last bytes of a parser's standard error kept to say why it died. */
const STDERR_TAIL = 4096;

/**
 * The resident memory of the build's process and its parsers together, at its highest when a record came back:
 * a process's own peak leaves its children out.
 */
export interface ParserPeaks {
  /** In MB. */
  treeMb: number;
}

/** The parser pool alone, whatever the number of jobs (exported for the limit tests). */
export async function* pooled(
  jobs: Job[],
  workers: number,
  timeLimitMs: number,
  heapMb = WORKER_HEAP_MB,
  peaks: ParserPeaks = { treeMb: 0 },
): AsyncGenerator<Parsed> {
  const queue: Parsed[] = [];
  const live = new Set<ChildProcess>();
  /** Each live parser's resident memory as it last said. */
  const rss = new Map<ChildProcess, number>();
  let wake: (() => void) | null = null;
  let next = 0;
  /** Files a stopped parser had queued but not begun: the next parser to ask takes them first. */
  const handedBack: number[] = [];
  let failure: Error | null = null;
  const failedRecord = (index: number, why: Message): Parsed => ({
    index,
    record: recordOf(failedReport(jobs[index].path, jobs[index].absolute, why), jobs[index].path),
    signature: null,
    rows: null,
  });

  const start = () => {
    const child = fork(PARSER_ENTRY, [], {
      // Its own flags only: a parent run under a test runner or a profiler passes nothing on.
      execArgv: [`--max-old-space-size=${heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    live.add(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    let timer: NodeJS.Timeout | null = null;
    /** Sent and not yet back, in order: the first is the file being parsed. */
    const sent: number[] = [];
    /** Stops this parser; its current file is failed with `why`, the rest go to another parser. */
    const stop = (why: Message) => {
      if (!live.delete(child)) return;
      rss.delete(child);
      if (timer) clearTimeout(timer);
      child.kill('SIGKILL');
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
        child.send({ index, ...jobs[index] });
      }
      if (wasIdle) arm();
    };
    child.on('message', (m: FromParser) => {
      if ('ready' in m) return feed();
      if (m.index !== sent[0]) return;
      rss.set(child, m.rss);
      let tree = process.memoryUsage.rss();
      for (const [c, bytes] of rss) if (live.has(c)) tree += bytes;
      peaks.treeMb = Math.max(peaks.treeMb, tree / 2 ** 20);
      sent.shift();
      const { rss: _, ...parsed } = m;
      queue.push(parsed);
      arm();
      feed();
      wake?.();
    });
    // A parser that dies on a file (out of memory, or any crash of its own) fails that file, not the build;
    // before any file it is a bug. 'close' comes after its standard error is read to the end.
    child.on('close', (code, signal) => {
      if (!live.has(child)) return;
      if (!sent.length) {
        live.delete(child);
        if (timer) clearTimeout(timer);
        failure = new Error(`a parser process exited (${signal ?? code}) before any file: ${stderr.slice(-500)}`);
        wake?.();
        return;
      }
      stop(
        /heap out of memory|memory limit|Allocation failed/i.test(stderr)
          ? msg('parser.memory_limit', { mb: heapMb })
          : msg('parser.worker_failed', { detail: `exited with ${signal ?? `code ${code}`}` }),
      );
    });
    child.on('error', (e) => {
      // A process that could not be started, or a message it could not be sent: stopped like one that died.
      if (!live.has(child)) return;
      if (!sent.length) {
        live.delete(child);
        failure = e;
        wake?.();
        return;
      }
      stop(msg('parser.worker_failed', { detail: e.message }));
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
    const ending = [...live];
    live.clear();
    await Promise.all(
      ending.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}
