/**
 * `npm run build:site`: the static site into `dist/` (or GONGKAI_OUT) all at once. Astro builds every page but
 * the bodies' (one shell for them), then src/site/bodies.ts fills the shell for every body beside its data
 * shard, reusing the files of the published site that did not change; the share cards (src/site/share-cards.ts
 * and, for bodies, bodies.ts) are reused the same way, by content hash. Built into a staging folder and swapped
 * in at the end, the published folder always holds a whole site, the last one or the new one; the one before
 * stays beside it as `<out>.retired` until the next build (src/pipeline/publish.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { publishAtomically } from '../src/pipeline/publish.js';
import { SALVAGED, writeBodies } from '../src/site/bodies.js';
import { DATA_DIR } from '../src/site/data.js';
import { cardMode, pageMode } from '../src/site/pages.js';
import { writeShareCards } from '../src/site/share-cards.js';
import { base } from '../src/site/paths.js';
import { progress } from './progress.js';

const out = resolve(process.env.GONGKAI_OUT ?? 'dist');
/** Astro's incremental cache for a published site: beside it, never inside (the site is swapped in whole). */
const cacheDirOf = (site: string) => join(dirname(site), `.${basename(site)}-astro-cache`);
/**
 * `astro build`, its output passed through and its page lines counted: Astro marks a page it did not render
 * again, because its cacheKey and code were unchanged, "(cached)" or "(restored)".
 */
function astroBuild(env: NodeJS.ProcessEnv): Promise<{ rendered: number; reused: number }> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['astro', 'build'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const counts = { rendered: 0, reused: 0 };
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop()!;
      for (const line of lines)
        if (/\((cached|restored)\)/.test(line)) counts.reused++;
        else if (/\(\+\d+(\.\d+)?m?s\)/.test(line)) counts.rendered++;
    });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(counts) : fail(new Error(`astro build exited with ${code}`))));
  });
}

/** The whole site into `stage`: Astro's pages, then the share cards and the body pages side by side. */
async function writeSite(stage: string, inputs: number, salvagedDir?: string): Promise<void> {
  const pages = await astroBuild({
    ...process.env,
    GONGKAI_OUT: stage,
    GONGKAI_CACHE: process.env.GONGKAI_CACHE ?? cacheDirOf(out),
  });
  console.error(`pages: ${pages.rendered} rendered, ${pages.reused} unchanged and reused from the incremental cache`);
  const mode = pageMode(inputs);
  const previousDir = existsSync(out) ? out : undefined;
  const cardsMode = cardMode(inputs);
  // The share cards (drawn in this thread) and the body pages (in worker threads at national scale) overlap.
  const cardsDone = writeShareCards({ siteDir: stage, previousDir, mode: cardsMode }).then((cards) => {
    console.error(
      `share cards: ${cards.drawn} drawn in ${(cards.ms / 1000).toFixed(1)} s${cards.drawn ? ` (${(cards.ms / cards.drawn).toFixed(0)} ms each)` : ''}, ${cards.reused} unchanged and linked`,
    );
  });
  if (mode === 'summary') return void (await cardsDone);
  const bar = progress('body pages', 'provinces');
  // Both settle before the stage is published or thrown away: neither is left writing into a removed folder.
  const [bodies, cards] = await Promise.allSettled([
    writeBodies({
      siteDir: stage,
      dataDir: DATA_DIR,
      previousDir,
      base: base(),
      reportPages: mode === 'all',
      cards: cardsMode === 'all',
      texts: process.env.GONGKAI_TEXTS !== 'off',
      // Fewer threads, less memory: each holds a division's rows while it writes its bodies.
      threads: process.env.GONGKAI_BODY_THREADS ? Number(process.env.GONGKAI_BODY_THREADS) : undefined,
      progress: bar.update,
      salvagedDir,
    }).finally(() => bar.stop()),
    cardsDone,
  ]);
  if (cards.status === 'rejected') throw cards.reason;
  if (bodies.status === 'rejected') throw bodies.reason;
  const result = bodies.value;
  console.error(
    `body pages: ${result.bodies} bodies (${result.bodiesDrawn} read and drawn, the rest unchanged), ${result.written} files written, ${result.reused} unchanged (${result.provincesUnchanged} provinces unchanged, all kept or linked; ${result.kept} files kept as the site before last left them, the rest linked from the published site)${result.provincesShared ? `; ${result.provincesShared} provinces drawn by two threads` : ''}`,
  );
  if (result.cards)
    console.error(
      `body share cards: ${result.cards} drawn in ${(result.cardMs / 1000).toFixed(1)} s (${(result.cardMs / result.cards).toFixed(0)} ms each)`,
    );
}

try {
  const started = performance.now();
  const { inputs } = JSON.parse(readFileSync(join(DATA_DIR, 'build-summary.json'), 'utf8')) as { inputs: number };
  // A build without body pages takes nothing over from the site before last: no body step would take it.
  await publishAtomically(out, (stage, salvaged) => writeSite(stage, inputs, salvaged), {
    retire: true,
    salvage: pageMode(inputs) === 'summary' ? [] : SALVAGED,
  });
  console.error(`build:site: ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`build:site failed: ${(e as Error).message}. The site in ${out} is unchanged.`);
  process.exit(1);
}
