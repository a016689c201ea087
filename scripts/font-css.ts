/**
 * `npx tsx scripts/font-css.ts`: writes src/styles/font.css, the site's @font-face rules for Noto Sans SC, from
 * @fontsource's own CSS — the weights the site uses, WOFF2 only (every browser the site supports reads it, and
 * the WOFF copies would double what the site ships). A unit test fails when the file and the package disagree.
 */
import { writeFileSync } from 'node:fs';
import { fontFaceCss } from '../src/site/font-files.js';

writeFileSync('src/styles/font.css', fontFaceCss());
console.error('src/styles/font.css written');
