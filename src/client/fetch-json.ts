/**
 * JSON from the site's own files: a body's shard and texts (150,000 of each on a national site), series files and
 * the search index, zlib-compressed with a preset dictionary (src/domain/preset-dictionaries.ts, written by
 * src/site/pack.ts), which the browser's own `DecompressionStream` cannot take, so pako inflates them. pako
 * checks the dictionary's id and the data's checksum: a file cut off in transfer, damaged, or packed with another
 * dictionary is an error, never wrong text.
 */
import { Inflate } from 'pako';

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

// zlib's codes (pako keeps them): Z_NEED_DICT, Z_BUF_ERROR.
const WHY: Record<number, string> = {
  2: 'packed with another dictionary (the file is from another build of the site)',
  [-5]: 'the file ends early',
};

/** The text of zlib data packed with `dictionary`; an Error saying why when it cannot be had whole. */
export function unpack(bytes: Uint8Array, dictionary: Uint8Array): string {
  const inflater = new Inflate({ dictionary });
  inflater.push(bytes, true);
  if (inflater.err || !inflater.ended)
    throw new Error(`cannot inflate: ${WHY[inflater.err] ?? (inflater.msg || 'not zlib data')}`);
  return new TextDecoder().decode(inflater.result);
}

/** JSON from a file packed with `dictionary`. */
export async function fetchPacked<T>(url: string, dictionary: Uint8Array): Promise<T> {
  return JSON.parse(unpack(await fetchBytes(url), dictionary)) as T;
}
