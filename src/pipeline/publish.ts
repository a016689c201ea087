/**
 * Writing the output folder as one step: a build writes into a staging folder beside it and swaps it in only
 * when every file is complete, so readers (and a deploy) see the old data or the new, never a mix or a torn
 * file; a lock beside the folder keeps a second build from writing there at the same time. A build that fails
 * or is interrupted leaves the previous data as it was and removes its staging folder.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { basename, dirname, join, resolve } from 'node:path';
import { killPoint } from './kill-point.js';

export class BuildLockedError extends Error {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Staging and previous folders left beside `out` by builds that were killed outright (their process is gone). A
 * build killed between its two renames left the old data as `previous` and no `out`: that is put back.
 */
function sweep(out: string) {
  const dir = dirname(out);
  const name = basename(out);
  for (const entry of readdirSync(dir)) {
    const m = entry.match(/^(.*)\.(staging|previous|salvaged)-(\d+)$/);
    if (!m || m[1] !== name || alive(Number(m[3]))) continue;
    if (m[2] === 'previous' && !existsSync(out)) renameSync(join(dir, entry), out);
    else rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/** Takes `<out>.lock` (creating it exclusively); a lock left by a process that no longer runs is taken over. */
function lock(out: string): () => void {
  const file = `${out}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      // The holder and when it started, for the operator who finds the lock.
      writeSync(fd, `${process.pid} ${new Date().toISOString()}\n`);
      closeSync(fd);
      sweep(out);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const [pid, since] = readFileSync(file, 'utf8').trim().split(/\s+/);
      if (Number(pid) && alive(Number(pid)))
        throw new BuildLockedError(
          `another build (process ${pid}, started ${since ?? 'at an unknown time'}) is writing ${out}; wait for it, or remove ${file} if it is gone`,
        );
      rmSync(file, { force: true });
    }
  }
  throw new BuildLockedError(`could not take the lock ${file}`);
}

/**
 * Removes a folder in a thread of its own: `fs.promises.rm` walked a national site's 460,000 files with a promise
 * each, and the rebuild's peak memory went from 3.9 to 4.4 GB; one synchronous removal in a worker holds a path.
 */
function removeInThread(dir: string): Promise<void> {
  const worker = new Worker(
    "require('node:fs').rmSync(require('node:worker_threads').workerData, { recursive: true, force: true })",
    { eval: true, workerData: dir },
  );
  return new Promise((done, fail) => {
    worker.once('error', fail);
    worker.once('exit', (code) => (code === 0 ? done() : fail(new Error(`removing ${dir} stopped with ${code}`))));
  });
}

/** Moves each folder of `salvage` that `retired` holds into `salvaged` (renamed: instant); how many it moved. */
function salvageFrom(retired: string, salvaged: string, salvage: string[]): number {
  let moved = 0;
  for (const rel of salvage) {
    if (!existsSync(join(retired, rel))) continue;
    mkdirSync(dirname(join(salvaged, rel)), { recursive: true });
    renameSync(join(retired, rel), join(salvaged, rel));
    moved++;
  }
  return moved;
}

/** How a publish treats the folder it replaces. */
export interface PublishOptions {
  /**
   * Keep it beside the new one as `<out>.retired` (a rollback by hand is two renames) until the next publish,
   * which removes it while its `write` runs rather than after the swap: removing a national site's 460,000 files
   * took ~23 s, all of it added to a rebuild's time. Not for a folder whose parent is copied whole (the data
   * folder sits in Astro's public folder, where a retired copy would be published too).
   */
  retire?: boolean;
  /**
   * Folders of the retired one (relative paths) taken out of it before it is removed, for `write` to reuse
   * (`salvaged`): the body step keeps the files in them that it would otherwise link again one by one.
   */
  salvage?: string[];
}

/**
 * Runs `write` into a staging folder and, when it succeeds, puts that folder in place of `out`; returns what
 * `write` returned.
 */
export async function publishAtomically<T>(
  out: string,
  write: (stage: string, salvaged?: string) => Promise<T>,
  { retire = false, salvage = [] }: PublishOptions = {},
): Promise<T> {
  const target = resolve(out);
  const release = lock(target);
  const stage = `${target}.staging-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  const retired = `${target}.retired`;
  const salvaged = `${target}.salvaged-${process.pid}`;
  const cleanup = () => {
    rmSync(stage, { recursive: true, force: true });
    rmSync(salvaged, { recursive: true, force: true });
    release();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let clearing: Promise<void> | undefined;
  try {
    const kept = retire ? salvageFrom(retired, salvaged, salvage) : 0;
    // A failed removal is tried again, synchronously, before this build retires its own previous folder.
    clearing = retire ? removeInThread(retired).catch(() => undefined) : undefined;
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(stage, { recursive: true });
    const result = await write(stage, kept ? salvaged : undefined);
    await clearing;
    if (existsSync(target)) renameSync(target, previous);
    killPoint('swap');
    renameSync(stage, target);
    if (retire && existsSync(previous)) {
      rmSync(retired, { recursive: true, force: true });
      renameSync(previous, retired);
    } else rmSync(previous, { recursive: true, force: true });
    return result;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await clearing;
    cleanup();
  }
}
