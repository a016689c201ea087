// Static output, deployable under any base path: GONGKAI_BASE=/sub/ npm run build.
import { defineConfig } from 'astro/config';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  output: 'static',
  base: process.env.GONGKAI_BASE ?? '/',
  outDir: process.env.GONGKAI_OUT ?? 'dist',
  // Another public folder (with its own data/) builds the site over another corpus, as the tests do.
  publicDir: process.env.GONGKAI_PUBLIC ?? 'public',
  trailingSlash: 'always',
  // Incremental builds (region pages and series files carry a cacheKey: src/site/digests.ts). Each published
  // site keeps its own cache beside it (scripts/build-site.ts), so two builds never share one.
  experimental: { incrementalBuild: true },
  cacheDir: process.env.GONGKAI_CACHE ?? './node_modules/.astro',
  build: { format: 'directory' },
  // Every page carries a Content-Security-Policy: nothing loads or connects outside the site's own origin, and
  // only the site's own scripts run (Astro adds the hashes of its inline ones). WebAssembly is DuckDB's engine;
  // inline style attributes (the province tiles' grid places) are allowed, inline scripts are not.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data: blob:",
        "worker-src 'self' blob:",
        // data: for the font chunks a chart download inlines in its SVG before drawing it to a PNG.
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
    },
  },
  vite: {
    plugins: [tailwindcss()],
    // The DuckDB-WASM engine is loaded lazily from self-hosted files; never pre-bundle it.
    optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  },
});
