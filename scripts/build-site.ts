/**
 * `npm run build:site`: the static site into `dist/` (or GONGKAI_OUT) all at once. Astro empties its output folder
 * before writing; built into a staging folder and swapped in at the end, the published folder always holds a
 * whole site, the last one or the new one, whatever happens to this build.
 */
import { execFileSync } from 'node:child_process';
import { publishAtomically } from '../src/pipeline/publish.js';

const out = process.env.GONGKAI_OUT ?? 'dist';
try {
  await publishAtomically(out, async (stage) => {
    execFileSync('npx', ['astro', 'build'], { stdio: 'inherit', env: { ...process.env, GONGKAI_OUT: stage } });
  });
} catch (e) {
  console.error(`build:site failed: ${(e as Error).message}. The site in ${out} is unchanged.`);
  process.exit(1);
}
