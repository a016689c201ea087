/**
 * Which inputs changed since the last build, without reading a million files again: each file's SHA-256 is
 * remembered with its inode, size and modification and change times, as git's index does. A file whose four
 * are unchanged holds the bytes it held: a write changes the change time, which no user tool can set back. The
 * parsers' own hashes are kept too, so the first incremental build after one from scratch reads only new files.
 * Hashing the national corpus (1M files, 6 GB) took ~65 s of an incremental build; a stat takes ~5 µs a file.
 * Kept outside `public/` (never published) by the corpus folder's absolute path; a machine without the record
 * (a fresh clone, a cleared cache) hashes every file, and gets the same answer.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sha256Of } from '../collect/store.js';
import { buildCacheDir } from '../formats/build-cache.js';

/** Where the records are kept: `GONGKAI_HASH_CACHE`, or `.cache/gongkai/hashes` (formats/build-cache.ts). */
export const hashCacheDir = (): string => buildCacheDir('hashes', process.env.GONGKAI_HASH_CACHE);

/** A file's inode, size and times, as stat gives them before the file is read; null for a file stat cannot see. */
export interface Signature {
  text: string;
  size: number;
}

export function signatureOf(absolute: string): Signature | null {
  try {
    const s = statSync(absolute, { bigint: true });
    return { text: `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, size: Number(s.size) };
  } catch {
    return null;
  }
}

/**
 * A file's signature and SHA-256 as the record's line has them (`signature\tsha256`), one flat string: V8 keeps a
 * pair, or a string joined with `+`, as separate pieces with a header each until something reads it whole. For
 * the national record, measured with 1M files: 148 MB of heap as flat strings, 224 MB as pairs or joined strings.
 */
type Remembered = string;
const remembered = (signature: string, sha256: string): Remembered =>
  Buffer.from(`${signature}\t${sha256}`, 'latin1').toString('latin1');
const SHA256_CHARS = 64;

export class FileHashes {
  private readonly now = new Map<string, Remembered>();
  /**
   * The previous build's record, read on the first lookup and let go by `lookupsDone`: a national record is
   * ~280 MB of heap, which a build from scratch never looks in and an incremental one no longer needs once it
   * knows which files changed.
   */
  private before: Map<string, Remembered> | null = null;
  private looking = true;

  private constructor(private readonly file: string) {}

  /** The record of the corpus under `root` (read when first looked in; empty when there is none). */
  static load(root: string): FileHashes {
    return new FileHashes(join(hashCacheDir(), `${sha256Of(resolve(root)).slice(0, 16)}.tsv.gz`));
  }

  private previous(): Map<string, Remembered> {
    if (!this.looking) return new Map();
    if (this.before) return this.before;
    const before = (this.before = new Map<string, Remembered>());
    try {
      if (existsSync(this.file))
        for (const line of gunzipSync(readFileSync(this.file)).toString('utf8').split('\n')) {
          const [path, signature, sha256] = line.split('\t');
          if (sha256) before.set(path, remembered(signature, sha256));
        }
    } catch {
      before.clear(); // a torn or foreign record: hash every file
    }
    return before;
  }

  /** The lookups are over (the files to parse are known): the previous record is let go, and not read again. */
  lookupsDone(): void {
    this.looking = false;
    this.before = null;
  }

  /** The file's SHA-256: remembered when its signature is unchanged, else read and hashed. */
  sha256(absolute: string): string {
    // The signature is taken before the read: a write in between leaves a signature the next build will not match.
    const signature = signatureOf(absolute);
    const known = this.previous().get(absolute);
    if (signature && known?.slice(0, -SHA256_CHARS - 1) === signature.text) {
      this.now.set(absolute, known);
      return known.slice(-SHA256_CHARS);
    }
    const bytes = readFileSync(absolute);
    const sha256 = sha256Of(bytes);
    this.remember(absolute, signature, sha256, bytes.length);
    return sha256;
  }

  /**
   * A hash the parsers computed, of `bytesRead` bytes read after `signature` was taken: kept only when the bytes
   * are the size the signature saw (not for a file that could not be read, or grew in between).
   */
  remember(absolute: string, signature: Signature | null, sha256: string, bytesRead: number): void {
    if (signature && signature.size === bytesRead) this.now.set(absolute, remembered(signature.text, sha256));
  }

  /**
   * The files looked up in this build, written aside and renamed (a build killed midway leaves the old record),
   * then let go: the national record (~180 MB of heap) would otherwise sit beside DuckDB's sorts to the end.
   */
  save(): void {
    mkdirSync(hashCacheDir(), { recursive: true });
    const lines = [...this.now].map(([path, known]) => `${path}\t${known}`);
    writeFileSync(`${this.file}.${process.pid}.tmp`, gzipSync(lines.join('\n'), { level: 1 }));
    renameSync(`${this.file}.${process.pid}.tmp`, this.file);
    this.now.clear();
  }
}
