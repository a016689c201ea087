/**
 * Where the build keeps what it learnt between runs — each input's hash and signature (pipeline/file-hashes.ts),
 * the rows rebuilt from PDF, Word and Excel files (display.ts): `.cache/gongkai/<name>` in the project, or the
 * folder an environment variable names. Never under `public/` (it is not published), and no longer under
 * `node_modules/.cache`, which `npm ci` deletes: a maintainer who reinstalled before the weekly build lost the
 * incremental state with it (nationally, a million files hashed again and every PDF and Word file read again for
 * its page). A cache found in the old place is moved here once.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const BUILD_CACHE = join('.cache', 'gongkai');
const FORMER_BUILD_CACHE = join('node_modules', '.cache', 'gongkai');

/** Asked for on every report of a page build: where each cache is, and its move, is settled once a process. */
const settled = new Map<string, string>();

/**
 * The folder of the cache `name` (`hashes`, `texts`) in the project at `root` (the working folder, where every
 * command runs), or `override` (an environment variable) when set.
 */
export function buildCacheDir(name: string, override: string | undefined, root = process.cwd()): string {
  if (override) return resolve(override);
  const key = join(root, name);
  let dir = settled.get(key);
  if (dir === undefined) {
    dir = resolve(root, BUILD_CACHE, name);
    const former = resolve(root, FORMER_BUILD_CACHE, name);
    if (!existsSync(dir) && existsSync(former))
      try {
        mkdirSync(dirname(dir), { recursive: true });
        renameSync(former, dir);
      } catch {
        // Left where it was (another device, no permission): the build does without it and starts a new one.
      }
    settled.set(key, dir);
  }
  return dir;
}
