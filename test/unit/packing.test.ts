/**
 * Body shards and texts: zlib with a preset dictionary, written by Node's zlib (src/site/bodies.ts) and read in
 * the browser by `unpack` (src/client/fetch-json.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unpack } from '../../src/client/fetch-json.js';
import { SHARD_DICTIONARY, TEXTS_DICTIONARY } from '../../src/domain/preset-dictionaries.js';
import { ROOT } from '../fixtures/reports.js';

const seeds = join(ROOT, 'data/reports/seeds');
const realTexts = () =>
  JSON.stringify(
    Object.fromEntries(
      readdirSync(seeds)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => [f, readFileSync(join(seeds, f), 'utf8')]),
    ),
  );

describe('packed body files', () => {
  it('unpack reads what Node packs with the same dictionary, byte for byte', () => {
    const json = realTexts();
    expect(unpack(deflateSync(json, { dictionary: TEXTS_DICTIONARY }), TEXTS_DICTIONARY)).toBe(json);
    const shard = JSON.stringify({ id: '350128-government', reports: [{ values: [1, null, 3] }] });
    expect(unpack(deflateSync(shard, { dictionary: SHARD_DICTIONARY }), SHARD_DICTIONARY)).toBe(shard);
  });

  it('the texts dictionary makes real reports smaller, and both fit deflate’s window', () => {
    // One report at a time, as a body with few reports is where the dictionary matters.
    for (const f of readdirSync(seeds).filter((f) => f.endsWith('.txt'))) {
      const json = JSON.stringify({ id: readFileSync(join(seeds, f), 'utf8') });
      const plain = deflateSync(json, { level: 6 }).length;
      expect(deflateSync(json, { level: 6, dictionary: TEXTS_DICTIONARY }).length, f).toBeLessThan(plain);
    }
    // zlib keeps only the last 32 KB of a longer dictionary, silently.
    expect(TEXTS_DICTIONARY.length).toBeLessThanOrEqual(32_768);
    expect(SHARD_DICTIONARY.length).toBeLessThanOrEqual(32_768);
  });

  it('a file cut off, damaged or packed with another dictionary is an error, never other text', () => {
    const packed = deflateSync(realTexts(), { dictionary: TEXTS_DICTIONARY });
    expect(() => unpack(packed, SHARD_DICTIONARY)).toThrow(/another dictionary/);
    expect(() => unpack(packed.subarray(0, packed.length - 20), TEXTS_DICTIONARY)).toThrow(/ends early/);
    const damaged = Uint8Array.from(packed);
    damaged[damaged.length - 30] ^= 0x10;
    expect(() => unpack(damaged, TEXTS_DICTIONARY)).toThrow(/cannot inflate/);
    expect(() => unpack(new TextEncoder().encode('{"not":"packed"}'), TEXTS_DICTIONARY)).toThrow(/cannot inflate/);
  });
});
