import { Resvg } from '@resvg/resvg-js';
import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { CardPainter } from '../../src/site/card-painter';
import { CARD_HEIGHT, CARD_WIDTH, cardPng, cardSvg, type Card } from '../../src/site/cards';
import { cardMode } from '../../src/site/pages';
import { permalink } from '../../src/site/paths';
import { dataDate } from '../../src/site/share';

const card = {
  kicker: '地区 · Region',
  title: '平潭综合实验区',
  figure: { value: '1,234', label: '件本年新收申请' },
  year: '2024 年',
  url: 'https://example.org/region/350128/',
};

describe('share cards', () => {
  afterEach(() => {
    delete process.env.GONGKAI_SITE;
    delete process.env.SOURCE_DATE_EPOCH;
    delete process.env.GONGKAI_CARDS;
  });

  it('draws every card on a small site, the site’s and regions’ only at national scale, as GONGKAI_CARDS says', () => {
    expect(cardMode(130)).toBe('all');
    expect(cardMode(1_000_000)).toBe('regions');
    process.env.GONGKAI_CARDS = 'off';
    expect(cardMode(130)).toBe('off');
  });

  it('draws a 1200×630 PNG whose text is paths (no font needed to view it)', async () => {
    const png = await cardPng(card);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    const svg = await cardSvg(card);
    expect(svg).not.toContain('<text');
    expect(svg).not.toContain('平潭');
    // In a palette (PNG colour type 3), and to the eye the full-colour drawing: on average within 2 of 255 a
    // channel, and no pixel further off than an anti-aliased edge can be.
    expect(png[25]).toBe(3);
    const drawn = new Resvg(svg).render().pixels;
    const shown = await sharp(png).ensureAlpha().raw().toBuffer();
    expect(shown.length).toBe(drawn.length);
    let sum = 0;
    let worst = 0;
    for (let i = 0; i < drawn.length; i++) {
      const d = Math.abs(drawn[i] - shown[i]);
      sum += d;
      worst = Math.max(worst, d);
    }
    expect(sum / drawn.length).toBeLessThan(2);
    expect(worst).toBeLessThan(64);
  }, 30_000);

  it('draws the title in the font, not in missing-glyph boxes', async () => {
    // Missing glyphs all draw as the same box: two titles one CJK character apart would give the same card.
    const a = await cardSvg(card);
    const b = await cardSvg({ ...card, title: '淮潭综合实验区' });
    expect(a).not.toBe(b);
    const latin = await cardSvg({ ...card, figure: { value: '1,235', label: card.figure.label } });
    expect(latin).not.toBe(a);
  }, 30_000);

  it('carries a QR code of the permalink, dark modules on a light quiet zone', async () => {
    const svg = await cardSvg(card);
    const qr = svg.match(/<g transform="translate\(([\d.]+) ([\d.]+)\) scale\(([\d.]+)\)">/);
    expect(qr).not.toBeNull();
    const [x, y] = [Number(qr![1]), Number(qr![2])];
    const pixels = new Resvg(svg).render().pixels;
    const at = (px: number, py: number) => pixels[(Math.round(py) * CARD_WIDTH + Math.round(px)) * 4];
    expect(at(x + 2, y + 2)).toBeGreaterThan(200); // the quiet zone
    // The finder pattern's corner module, one quiet zone in: dark.
    const cell = Number(qr![3]);
    expect(at(x + cell * 2.5, y + cell * 2.5)).toBeLessThan(60);
  }, 30_000);

  it('permalinks are absolute once the site’s origin is known', () => {
    expect(permalink('region/350128/')).toBe('/region/350128/');
    process.env.GONGKAI_SITE = 'https://example.org/';
    expect(permalink('region/350128/')).toBe('https://example.org/region/350128/');
  });

  it('the data date is the newest date the data carries, or SOURCE_DATE_EPOCH', () => {
    expect(dataDate(['2024-01-31', null, '2025-03-02T10:00:00Z', 'garbage'])).toBe('2025-03-02');
    process.env.SOURCE_DATE_EPOCH = '1767225600';
    expect(dataDate(['2024-01-31'])).toBe('2026-01-01');
  });

  it('draws in its own thread the same bytes as in this one, and a card that cannot be drawn fails alone', async () => {
    const painter = new CardPainter();
    try {
      const other = { ...card, title: '福州市', figure: undefined, note: '口径变化' };
      const [a, b] = await Promise.all([painter.paint(card), painter.paint(other)]);
      expect(Buffer.from(a.png).equals(await cardPng(card))).toBe(true);
      expect(Buffer.from(b.png).equals(await cardPng(other))).toBe(true);
      expect(a.ms).toBeGreaterThan(0);
      await expect(painter.paint({ ...card, title: null } as unknown as Card)).rejects.toThrow(/share card/);
      expect(Buffer.from((await painter.paint(card)).png).equals(a.png)).toBe(true);
    } finally {
      await painter.close();
    }
  });
});
