/**
 * `npm run build:site`: the static site into `dist/` (or GONGKAI_OUT) all at once. Astro builds every page but
 * the bodies' (one shell for them), then src/site/bodies.ts fills the shell for every body beside its data
 * shard, reusing the files of the published site that did not change; the share cards (src/site/share-cards.ts
 * and, for bodies, bodies.ts) are reused the same way, by content hash. Built into a staging folder and swapped
 * in at the end, the published folder always holds a whole site, the last one or the new one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { publishAtomically } from '../src/pipeline/publish.js';
import { writeBodies } from '../src/site/bodies.js';
import { DATA_DIR } from '../src/site/data.js';
import { cardMode, pageMode } from '../src/site/pages.js';
import { writeShareCards } from '../src/site/share-cards.js';
import { base } from '../src/site/paths.js';
import { progress } from './progress.js';

const out = resolve(process.env.GONGKAI_OUT ?? 'dist');
try {
  const started = performance.now();
  await publishAtomically(out, async (stage) => {
    execFileSync('npx', ['astro', 'build'], { stdio: 'inherit', env: { ...process.env, GONGKAI_OUT: stage } });
    const summary = JSON.parse(readFileSync(join(DATA_DIR, 'build-summary.json'), 'utf8')) as { inputs: number };
    const mode = pageMode(summary.inputs);
    const previousDir = existsSync(out) ? out : undefined;
    const cardsMode = cardMode(summary.inputs);
    const cards = await writeShareCards({ siteDir: stage, previousDir, mode: cardsMode });
    console.error(
      `share cards: ${cards.drawn} drawn in ${(cards.ms / 1000).toFixed(1)} s${cards.drawn ? ` (${(cards.ms / cards.drawn).toFixed(0)} ms each)` : ''}, ${cards.reused} unchanged and linked`,
    );
    if (mode === 'summary') return;
    const bar = progress('body pages', 'provinces');
    const result = await writeBodies({
      siteDir: stage,
      dataDir: DATA_DIR,
      previousDir,
      base: base(),
      reportPages: mode === 'all',
      cards: cardsMode === 'all',
      texts: process.env.GONGKAI_TEXTS !== 'off',
      progress: bar.update,
    });
    bar.stop();
    console.error(
      `body pages: ${result.bodies} bodies, ${result.written} files written, ${result.reused} unchanged and linked from the published site`,
    );
    if (result.cards)
      console.error(
        `body share cards: ${result.cards} drawn in ${(result.cardMs / 1000).toFixed(1)} s (${(result.cardMs / result.cards).toFixed(0)} ms each)`,
      );
  });
  console.error(`build:site: ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`build:site failed: ${(e as Error).message}. The site in ${out} is unchanged.`);
  process.exit(1);
}
