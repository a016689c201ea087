/**
 * Share cards: the 1200×630 PNG a link shows in WeChat, Weibo or a newsroom chat — title, key figure, year and a
 * QR code of the permalink (WeChat readers scan it) — drawn at build time in the site's own font. satori lays
 * the card out and turns its text into paths (so the PNG needs no font installed), resvg rasterises it, and the
 * QR code is drawn as one path from `qrcode`'s modules.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import satori from 'satori';
import sharp from 'sharp';
import { FONT_FAMILY, FONT_WEIGHTS } from '../domain/fonts.js';
import { woffChunks, woffCodePoints } from './font-files.js';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

export interface Card {
  /** The kind of page, above the title (地区 · 机关 · 图表). */
  kicker: string;
  title: string;
  /** The key figure, formatted, and what it counts. */
  figure?: { value: string; label: string };
  /** The year the figure is for, or a span. */
  year?: string;
  /** The line under the figure (a region, a body's place). */
  note?: string;
  /** The permalink, printed and encoded in the QR code. */
  url: string;
}

type Node = { type: string; props: { style?: Record<string, unknown>; children?: (Node | string)[] | Node | string } };
const el = (
  type: string,
  style: Record<string, unknown>,
  ...children: (Node | string | false | undefined)[]
): Node => ({
  type,
  props: { style, children: children.filter((c): c is Node | string => !!c) },
});

/**
 * Every chunk of both weights, parsed once (satori keeps a font by its bytes' identity). satori takes one font per
 * family name and falls back across the family list per character, so each chunk is a family of its own (in both
 * weights) and the card's font-family lists them in the stylesheet's order.
 */
type CardFont = { name: string; data: Buffer; weight: 400 | 700; style: 'normal'; chunk: number };
let fonts: CardFont[] | undefined;
const chunkName = (i: number) => `${FONT_FAMILY} ${i}`;
const fontList = () =>
  (fonts ??= FONT_WEIGHTS.flatMap((weight) =>
    woffChunks(weight).map((c, chunk) => ({
      name: chunkName(chunk),
      data: c.data,
      weight,
      style: 'normal' as const,
      chunk,
    })),
  ));

/** Per weight, the first chunk (in family order) whose cmap has a code point: the chunk satori draws it from. */
let firstChunk: Map<number, number>[] | undefined;
const firstChunks = () =>
  (firstChunk ??= FONT_WEIGHTS.map((weight) => {
    const first = new Map<number, number>();
    woffChunks(weight).forEach((c, i) => {
      for (const cp of woffCodePoints(c.data)) if (!first.has(cp)) first.set(cp, i);
    });
    return first;
  }));

/**
 * The fonts a card's text needs, in family order: for each character, the chunk satori would pick from the whole
 * list. Given all ~200 fonts, satori resolves every text node's family list and fallback across all of them
 * (measured: ~2 of its ~12 ms a card, and ~0.6 MB of garbage that outlives a minor collection), so it is given
 * only these, which it picks the same glyphs from: no chunk left out comes before the one a character is drawn
 * from. A character no chunk has keeps the whole list, where satori falls back to its last font. A new list is
 * cheap: satori keeps each font parsed by its bytes' identity, and its last few lists by their content.
 */
function fontsFor(texts: string[]): CardFont[] {
  const chunks = new Set<number>();
  for (const text of texts)
    for (const ch of text)
      for (const first of firstChunks()) {
        const chunk = first.get(ch.codePointAt(0)!);
        if (chunk === undefined) return fontList();
        chunks.add(chunk);
      }
  return fontList().filter((f) => chunks.has(f.chunk));
}
const familyOf = (list: CardFont[]) =>
  [...new Set(list.map((f) => f.chunk))].map((i) => `'${chunkName(i)}'`).join(', ');

const RED = '#991b1b';
const QR_SIZE = 220;

function qrPath(url: string, x: number, y: number, size: number): string {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  let d = '';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  return `<g transform="translate(${x} ${y}) scale(${cell})"><rect width="${n + quiet * 2}" height="${n + quiet * 2}" fill="#fff"/><path d="${d}" fill="#111827"/></g>`;
}

/** The card as SVG (text as paths). */
export async function cardSvg(card: Card): Promise<string> {
  const texts = ['公开', 'Gongkai', card.kicker, card.title, card.url];
  if (card.figure) texts.push(card.figure.value, card.figure.label);
  if (card.year) texts.push(card.year);
  if (card.note) texts.push(card.note);
  const fonts = fontsFor(texts);
  const tree = el(
    'div',
    {
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      boxSizing: 'border-box',
      display: 'flex',
      flexDirection: 'column',
      backgroundColor: '#fafaf9',
      borderTop: `16px solid ${RED}`,
      padding: '48px 64px',
      fontFamily: familyOf(fonts),
      color: '#1c1917',
    },
    el(
      'div',
      { display: 'flex', alignItems: 'baseline', fontSize: 30 },
      el('span', { color: RED, fontWeight: 700 }, '公开'),
      el('span', { color: '#57534e', marginLeft: 10 }, 'Gongkai'),
      el('span', { color: '#57534e', marginLeft: 28, fontSize: 26 }, card.kicker),
    ),
    el(
      'div',
      {
        display: 'flex',
        marginTop: 28,
        fontSize: card.title.length > 24 ? 46 : 58,
        fontWeight: 700,
        lineHeight: 1.2,
        maxWidth: 1060 - QR_SIZE,
      },
      card.title,
    ),
    card.figure &&
      el(
        'div',
        { display: 'flex', alignItems: 'baseline', marginTop: 36 },
        el('span', { fontSize: 104, fontWeight: 700, color: RED, lineHeight: 1 }, card.figure.value),
        el('span', { fontSize: 34, marginLeft: 20, color: '#44403c' }, card.figure.label),
      ),
    card.year && el('div', { display: 'flex', marginTop: 14, fontSize: 32, color: '#44403c' }, card.year),
    el('div', { display: 'flex', flexGrow: 1 }),
    card.note && el('div', { display: 'flex', fontSize: 26, color: '#57534e' }, card.note),
    el('div', { display: 'flex', fontSize: 22, color: '#78716c', marginTop: 8, maxWidth: 1060 - QR_SIZE }, card.url),
  );
  const svg = await satori(tree as Parameters<typeof satori>[0], {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts,
  });
  // The QR code sits in the lower right corner, outside satori's flow (a path, no image decoding).
  return svg.replace(
    /<\/svg>\s*$/,
    `${qrPath(card.url, CARD_WIDTH - 64 - QR_SIZE, CARD_HEIGHT - 48 - QR_SIZE, QR_SIZE)}</svg>`,
  );
}

/**
 * A full garbage collection, obtained at run time: resvg's rendered images hold a 3 MB pixmap outside V8's heap,
 * freed only when V8 collects their small wrappers — which a heap this small never prompts. Measured: +3.4 MB of
 * resident memory per card without it (12 GB over the region cards of 35,000 reports), flat with it.
 */
const collectGarbage = (() => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();
let rendered = 0;

/**
 * How a card's pixels become PNG: a palette of 64 colours (libimagequant, through sharp), undithered. A card is
 * flat colour and anti-aliased text, which 64 colours keep to the eye at ~40% of a full-colour PNG's bytes (the
 * national site's 3,341 cards: 124 MB before). Effort 1: higher efforts made files 3% smaller in 3× the time.
 */
const CARD_PALETTE = { palette: true, colours: 64, dither: 0, effort: 1 } as const;
// One libvips thread per card: cards are drawn beside the page build, which already keeps every core busy.
sharp.concurrency(1);

/** The card as PNG bytes. */
export async function cardPng(card: Card): Promise<Buffer> {
  const svg = await cardSvg(card);
  // No system fonts: the card's text is paths already, and resvg would otherwise scan and parse every installed
  // font for each card (measured: 11 of its 18 ms).
  const image = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render();
  const png = await sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png(CARD_PALETTE)
    .toBuffer();
  if (++rendered % 32 === 0) {
    // The wrappers go in the first collection; their native memory when their finalizers have run, a tick later.
    collectGarbage();
    await new Promise((done) => setImmediate(done));
    collectGarbage();
  }
  return png;
}
