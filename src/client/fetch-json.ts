/**
 * JSON from the site's own files, gzip-compressed or not. Body shards and texts are stored as `.json.gz`
 * (a national site is 150,000 of each) and inflated here with the browser's own `DecompressionStream`, so no
 * server configuration is needed; a host that serves them with `Content-Encoding: gzip` hands over bytes the
 * browser has already inflated, which the gzip magic number tells apart.
 */

const GZIP_MAGIC = [0x1f, 0x8b];

async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  if (typeof DecompressionStream === 'undefined') throw new Error('this browser cannot inflate gzip');
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  const text = gzipped ? await inflate(bytes) : new TextDecoder().decode(bytes);
  return JSON.parse(text) as T;
}
