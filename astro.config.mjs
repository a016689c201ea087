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
  // Every page's Content-Security-Policy is the layout's own meta tag: src/site/csp.ts.
  vite: {
    plugins: [tailwindcss()],
    // The DuckDB-WASM engine is loaded lazily from self-hosted files; never pre-bundle it.
    optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
    // No script inlined into a page: every page's policy (src/site/csp.ts) then names the one inline script the
    // layout writes, and nothing else, instead of every small script of any page in each of 150,000 body pages.
    build: { assetsInlineLimit: 0 },
  },
});
