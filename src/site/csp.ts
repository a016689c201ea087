/**
 * The site's Content-Security-Policy, written by the layout as the first tag of every page's head, so it governs
 * everything after it: nothing loads or connects outside the site's own origin, and only the site's own scripts
 * run, plus the inline ones whose hashes it names (the layout's language boot). WebAssembly is DuckDB's engine;
 * inline style attributes (the province tiles' grid places) are allowed. Astro's own CSP named in every page the
 * hashes of the scripts it inlined into any page (six: 330 bytes on each of 150,000 body pages, which inline
 * none), and not the layout's boot script, which ran only because it came before the policy. Astro now inlines
 * no script (`assetsInlineLimit: 0` in astro.config.mjs); the e2e tests fail on any script the policy refuses.
 */
import { createHash } from 'node:crypto';

const DIRECTIVES = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  // data: for the font chunks a chart download inlines in its SVG before drawing it to a PNG.
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "style-src 'self' 'unsafe-inline'",
];

const hash = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

export const contentSecurityPolicy = (inlineScripts: string[]): string =>
  [...DIRECTIVES, ["script-src 'self' 'wasm-unsafe-eval'", ...inlineScripts.map(hash)].join(' ')].join(';');
