/**
 * A small static file server with HTTP range support (DuckDB-WASM reads Parquet by byte ranges), for tests and
 * benchmarks on 127.0.0.1. `npm start` uses Astro's preview server instead.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.zlib': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.parquet': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

export interface Served {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

export function serve(root: string, basePath = '/', port = 0): Promise<Served> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(basePath)) {
      res.writeHead(404).end();
      return;
    }
    path = normalize(join(root, path.slice(basePath.length)));
    if (!path.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      // As static hosts do: the site's own 404 page, with the 404 status.
      const page = join(root, '404.html');
      if (existsSync(page)) res.writeHead(404, { 'content-type': TYPES['.html'] }).end(readFileSync(page));
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const size = statSync(path).size;
    const headers: Record<string, string | number> = {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      'cache-control': 'no-cache',
    };
    const range = req.headers.range?.match(/^bytes=(\d*)-(\d*)$/);
    if (range) {
      const start = range[1] ? Number(range[1]) : size - Number(range[2]);
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start >= size || start > end) {
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
      res.writeHead(206, {
        ...headers,
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': end - start + 1,
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(path, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(path).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address() as { port: number };
      ok({
        url: `http://127.0.0.1:${addr.port}${basePath}`,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? 'dist';
  serve(root, '/', Number(process.argv[3] ?? 4321)).then((s) => console.log(`serving ${root} at ${s.url}`));
}
