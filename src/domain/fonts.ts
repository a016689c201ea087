/**
 * The one typeface of the site, its charts, their exports and the share cards: Noto Sans SC, self-hosted and
 * split by Unicode ranges (@fontsource), so a page fetches only the chunks holding the glyphs it shows. Each
 * user of the font (the page's CSS, an exported SVG, a card drawn at build time) picks chunks by the same
 * `unicode-range` rules, read here.
 */
export const FONT_FAMILY = 'Noto Sans SC';
/** The weights the site uses: body text and bold (Tailwind's semibold falls to 700 by the CSS matching rules). */
export const FONT_WEIGHTS = [400, 700] as const;
/** The font first, then the reader's own CJK fonts while its chunks load. */
export const FONT_STACK = `'${FONT_FAMILY}', system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif`;

export type CodeRange = readonly [number, number];

/** `U+4e00-4eff, U+20ac, U+3??` → inclusive code point ranges. */
export function parseUnicodeRange(text: string): CodeRange[] {
  const out: CodeRange[] = [];
  for (const part of text.split(',')) {
    const m = part.trim().match(/^U\+([0-9a-f?]{1,6})(?:-([0-9a-f]{1,6}))?$/i);
    if (!m) continue;
    if (m[1].includes('?')) out.push([parseInt(m[1].replace(/\?/g, '0'), 16), parseInt(m[1].replace(/\?/g, 'f'), 16)]);
    else out.push([parseInt(m[1], 16), parseInt(m[2] ?? m[1], 16)]);
  }
  return out;
}

/** Ranges → the CSS `unicode-range` value. */
export const formatUnicodeRange = (ranges: readonly CodeRange[]): string =>
  ranges.map(([a, b]) => `U+${a.toString(16)}${a === b ? '' : `-${b.toString(16)}`}`).join(',');

export const inRanges = (ranges: readonly CodeRange[], cp: number): boolean =>
  ranges.some(([a, b]) => cp >= a && cp <= b);

/** One `@font-face` chunk: its weight, the code points it covers and its file (as the CSS names it). */
export interface FontChunk {
  weight: number;
  ranges: CodeRange[];
  url: string;
}

/** The chunks of `FONT_FAMILY` in a stylesheet; `format` picks which of each face's sources is kept. */
export function fontChunks(css: string, format: 'woff2' | 'woff' = 'woff2'): FontChunk[] {
  const chunks: FontChunk[] = [];
  for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
    if (!block.includes(FONT_FAMILY)) continue;
    const weight = Number(block.match(/font-weight:\s*(\d+)/)?.[1] ?? 400);
    const url = [...block.matchAll(/url\(([^)]+)\)\s*format\(['"]?([\w-]+)['"]?\)/g)].find((m) => m[2] === format)?.[1];
    const range = block.match(/unicode-range:\s*([^;}]+)/)?.[1];
    if (url) chunks.push({ weight, ranges: range ? parseUnicodeRange(range) : [[0, 0x10ffff]], url: unquote(url) });
  }
  return chunks;
}

const unquote = (s: string) => s.trim().replace(/^['"]|['"]$/g, '');

/** The chunks a text needs: every chunk holding one of its characters, in the weights asked for. */
export function chunksFor(text: string, chunks: readonly FontChunk[], weights: readonly number[] = FONT_WEIGHTS) {
  const cps = [...new Set([...text].map((c) => c.codePointAt(0)!))];
  return chunks.filter((c) => weights.includes(c.weight) && cps.some((cp) => inRanges(c.ranges, cp)));
}
