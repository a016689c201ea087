/**
 * The record of input hashes an incremental build trusts instead of reading every file: it is used only while a
 * file's inode, size and times are unchanged, and a rewrite is seen even when the modification time is set back.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Of } from '../../src/collect/store.js';
import { buildCacheDir } from '../../src/formats/build-cache.js';
import { FileHashes, hashCacheDir, signatureOf } from '../../src/pipeline/file-hashes.js';
import { parseAll } from '../../src/pipeline/pool.js';

let dir: string;
let previous: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-hashes-'));
  previous = process.env.GONGKAI_HASH_CACHE;
  process.env.GONGKAI_HASH_CACHE = join(dir, 'cache');
});
afterEach(() => {
  if (previous === undefined) delete process.env.GONGKAI_HASH_CACHE;
  else process.env.GONGKAI_HASH_CACHE = previous;
  rmSync(dir, { recursive: true, force: true });
});

/** A corpus folder holding one report with this text: the report's absolute path and the folder. */
function corpusWith(name: string, text: string): { corpus: string; report: string } {
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  const report = join(corpus, name);
  writeFileSync(report, text);
  return { corpus, report };
}

/** A first build's record of the corpus: the report hashed and saved. */
function recordOf(corpus: string, report: string): void {
  const hashes = FileHashes.load(corpus);
  hashes.sha256(report);
  hashes.save();
}

/** The record's one file, rewritten so that every file's remembered hash is `fake`: what a trusted lookup returns. */
function forgeRecord(fake: string): void {
  const [name] = readdirSync(hashCacheDir());
  const file = join(hashCacheDir(), name);
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  writeFileSync(file, gzipSync(lines.map((l) => l.replace(/[0-9a-f]{64}$/, fake)).join('\n')));
}

describe('input hashes remembered between builds', () => {
  it('are read from the record while a file is untouched, and from the file once it is written', () => {
    const { corpus, report } = corpusWith('a.txt', '本年新收政府信息公开申请数量 12');
    const first = FileHashes.load(corpus);
    expect(first.sha256(report)).toBe(sha256Of(readFileSync(report)));
    first.save();

    // Untouched: the record is trusted (a forged hash comes back, so the file was not read).
    const fake = 'f'.repeat(64);
    forgeRecord(fake);
    expect(FileHashes.load(corpus).sha256(report)).toBe(fake);

    // Rewritten with the same size and its modification time set back: the change time still tells.
    const { mtime } = statSync(report);
    writeFileSync(report, '本年新收政府信息公开申请数量 13');
    utimesSync(report, mtime, mtime);
    expect(FileHashes.load(corpus).sha256(report)).toBe(sha256Of(readFileSync(report)));
  });

  it('hashes every file when the record is torn or missing', () => {
    const { corpus, report } = corpusWith('b.txt', 'x');
    recordOf(corpus, report);
    const [name] = readdirSync(hashCacheDir());
    writeFileSync(join(hashCacheDir(), name), 'not gzip');
    expect(FileHashes.load(corpus).sha256(report)).toBe(sha256Of('x'));
    rmSync(hashCacheDir(), { recursive: true });
    expect(FileHashes.load(corpus).sha256(report)).toBe(sha256Of('x'));
  });

  it('keeps a parser’s hash only when it read the size the signature saw', () => {
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    const [whole, short] = ['whole.txt', 'short.txt'].map((f) => join(corpus, f));
    for (const f of [whole, short]) writeFileSync(f, '申请');
    const hashes = FileHashes.load(corpus);
    const fake = 'e'.repeat(64);
    hashes.remember(whole, signatureOf(whole), fake, statSync(whole).size);
    // An unreadable file is parsed as no bytes: its hash is not the file's.
    hashes.remember(short, signatureOf(short), fake, 0);
    hashes.save();
    const again = FileHashes.load(corpus);
    expect(again.sha256(whole)).toBe(fake);
    expect(again.sha256(short)).toBe(sha256Of('申请'));
  });

  it('are looked up only until the build knows what to parse, then the old record is let go', () => {
    const { corpus, report } = corpusWith('c.txt', '申请');
    recordOf(corpus, report);
    const fake = 'd'.repeat(64);
    forgeRecord(fake);

    const looking = FileHashes.load(corpus);
    expect(looking.sha256(report)).toBe(fake);
    const done = FileHashes.load(corpus);
    done.lookupsDone();
    // A lookup after that reads the file: the record is neither kept nor read again.
    expect(done.sha256(report)).toBe(sha256Of('申请'));
  });
});

describe('the parse of a file', () => {
  it('comes with the signature taken before the file was read', async () => {
    const { report } = corpusWith('d.txt', '本年新收政府信息公开申请数量 12');
    const [parsed] = await Array.fromAsync(parseAll([{ path: 'd.txt', absolute: report }], 1));
    expect(parsed.signature).toEqual(signatureOf(report));
    expect(parsed.record.row.sha256).toBe(sha256Of(readFileSync(report)));
  });
});

describe('the build caches', () => {
  it('live in the project outside node_modules, which npm ci deletes, and one found there is moved once', () => {
    const project = join(dir, 'project');
    const former = join(project, 'node_modules', '.cache', 'gongkai', 'hashes');
    mkdirSync(former, { recursive: true });
    writeFileSync(join(former, 'corpus.tsv.gz'), gzipSync('a\tb'));

    const hashes = buildCacheDir('hashes', undefined, project);
    expect(hashes).toBe(join(project, '.cache', 'gongkai', 'hashes'));
    expect(gunzipSync(readFileSync(join(hashes, 'corpus.tsv.gz'))).toString()).toBe('a\tb');
    expect(existsSync(former)).toBe(false);
    // A cache with nothing in the old place is only named, not made; a folder named by the environment wins.
    expect(buildCacheDir('texts', undefined, project)).toBe(join(project, '.cache', 'gongkai', 'texts'));
    expect(existsSync(join(project, '.cache', 'gongkai', 'texts'))).toBe(false);
    expect(buildCacheDir('texts', join(dir, 'elsewhere'), project)).toBe(join(dir, 'elsewhere'));
  });
});
