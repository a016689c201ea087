/**
 * Files kept by content: `files/<first two hex of the SHA-256>/<sha256>.<ext>`. The same bytes are kept once,
 * and a kept file is never written again, so every version a site ever served stays as it was.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const EXTENSIONS = /\.(pdf|docx?|wps|xlsx?|et|zip|rar|7z|ofd|html?|shtml|txt|mht)$/i;
const BY_TYPE: [RegExp, string][] = [
  [/html/, 'html'],
  [/pdf/, 'pdf'],
  [/wordprocessingml/, 'docx'],
  [/msword/, 'doc'],
  [/spreadsheetml/, 'xlsx'],
  [/ms-excel/, 'xls'],
  [/zip/, 'zip'],
  [/text\/plain/, 'txt'],
];

/** An extension for a stored file: the name the server gave it, else its URL's, else its content type's. */
export function extensionOf(url: string, contentType: string | null, filename?: string): string {
  for (const name of [filename ?? '', new URL(url).pathname]) {
    const m = name.match(EXTENSIONS);
    if (m) return m[1].toLowerCase().replace(/^s?html?$/, 'html');
  }
  const type = (contentType ?? '').toLowerCase();
  return BY_TYPE.find(([re]) => re.test(type))?.[1] ?? 'bin';
}

export const sha256Of = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export class Store {
  constructor(readonly dir: string) {}

  /** Keeps `bytes` (once) and says where, relative to the collection folder. */
  put(bytes: Uint8Array, ext: string): { sha256: string; path: string } {
    const sha256 = sha256Of(bytes);
    const path = `files/${sha256.slice(0, 2)}/${sha256}.${ext}`;
    const file = join(this.dir, path);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      // Written aside and renamed: an interrupted write never leaves a short file under a content name.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    }
    return { sha256, path };
  }

  read(path: string): Uint8Array {
    return readFileSync(join(this.dir, path));
  }
}
