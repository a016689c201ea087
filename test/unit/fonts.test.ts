import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FONT_WEIGHTS,
  chunksFor,
  fontChunks,
  formatUnicodeRange,
  inRanges,
  parseUnicodeRange,
} from '../../src/domain/fonts';
import { fontFaceCss, woffChunks, woffCodePoints } from '../../src/site/font-files';
import { ROOT } from '../fixtures/reports';

describe('font chunks', () => {
  it('reads unicode-range lists, single points, spans and wildcards', () => {
    expect(parseUnicodeRange('U+4e00-4eff, U+20ac,U+3??')).toEqual([
      [0x4e00, 0x4eff],
      [0x20ac, 0x20ac],
      [0x300, 0x3ff],
    ]);
    expect(formatUnicodeRange(parseUnicodeRange('U+4e00-4eff,U+20ac'))).toBe('U+4e00-4eff,U+20ac');
    expect(inRanges(parseUnicodeRange('U+4e00-4eff'), 0x4e2d)).toBe(true);
    expect(inRanges(parseUnicodeRange('U+4e00-4eff'), 0x4f00)).toBe(false);
  });

  it('src/styles/font.css is what scripts/font-css.ts writes from the installed @fontsource package', () => {
    expect(readFileSync(join(ROOT, 'src/styles/font.css'), 'utf8')).toBe(fontFaceCss());
  });

  it('the site ships WOFF2 only, in the weights it uses, covering every character of a chart title', () => {
    const chunks = fontChunks(fontFaceCss(), 'woff2');
    expect(fontChunks(fontFaceCss(), 'woff')).toEqual([]);
    expect([...new Set(chunks.map((c) => c.weight))]).toEqual([...FONT_WEIGHTS]);
    const text = '平潭综合实验区：依申请公开 2024 年 Requests';
    const needed = chunksFor(text, chunks, [400]);
    // Every character is in some chunk, and the chunks needed are a handful, not the whole font.
    for (const ch of text.replace(/\s/g, ''))
      expect(needed.some((c) => inRanges(c.ranges, ch.codePointAt(0)!))).toBe(true);
    expect(needed.length).toBeGreaterThan(1);
    expect(needed.length).toBeLessThan(chunks.length / 8);
  });

  it('the WOFF chunks the cards draw with are the same split in both weights', () => {
    const [regular, bold] = FONT_WEIGHTS.map((w) => woffChunks(w));
    expect(regular.length).toBeGreaterThan(50);
    expect(bold.map((c) => c.ranges)).toEqual(regular.map((c) => c.ranges));
    // WOFF, not WOFF2: the signature satori reads.
    expect(regular[0].data.subarray(0, 4).toString('ascii')).toBe('wOFF');
  });

  it('reads a WOFF chunk’s cmap: its own range, and the space every chunk also maps', () => {
    const chunks = woffChunks(400);
    const han = chunks.find((c) => inRanges(c.ranges, '公'.codePointAt(0)!))!;
    const cps = woffCodePoints(han.data);
    expect(cps.has('公'.codePointAt(0)!)).toBe(true);
    expect(cps.has(0x20)).toBe(true);
    // Nearly all of the chunk's cmap is in its range; the cards pick chunks by cmap, as satori does, not by range.
    const outside = [...cps].filter((cp) => !inRanges(han.ranges, cp));
    expect(outside.length).toBeLessThan(cps.size / 10);
    expect(chunks.every((c) => woffCodePoints(c.data).has(0x20))).toBe(true);
  });
});
