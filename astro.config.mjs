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
  build: { format: 'directory' },
  vite: {
    plugins: [tailwindcss()],
    // The DuckDB-WASM engine is loaded lazily from self-hosted files; never pre-bundle it.
    optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  },
});
