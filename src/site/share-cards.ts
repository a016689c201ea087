/**
 * The share cards of the site, its regions and their standard charts, drawn after Astro's build (as body pages
 * are, by src/site/bodies.ts) rather than as Astro routes: each card's content hash goes into
 * `card/manifest.json`, and a card whose content is unchanged is hard-linked from the published site instead of
 * drawn again (~0.1 s a card), so a rebuild draws only the cards whose figures changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { STANDARD_CHARTS } from '../domain/charts.js';
import { CardPainter } from './card-painter.js';
import type { Card } from './cards.js';
import { chartData } from './charts.js';
import { query, regions, seriesFor } from './data.js';
import type { CardMode } from './pages.js';
import { CARD_DESIGN, cardPath, chartCard, regionCard, siteCard } from './share.js';

const MANIFEST = 'card/manifest.json';
const LEVEL = { province: '省级', city: '地级', county: '县级' };

export interface CardsResult {
  drawn: number;
  reused: number;
  ms: number;
}

/** Every card but the bodies', as [path under the site, content]. */
async function* cards(mode: CardMode): AsyncGenerator<[string, Card]> {
  const [row] = await query<{ n: number }>(`SELECT count(*) AS n FROM reports WHERE is_primary`);
  yield [cardPath.site, siteCard(await seriesFor('national'), Number(row?.n ?? 0))];
  if (mode === 'off') return;
  const places = [{ code: 'national', name: '全国', page: '' }];
  for (const r of (await regions()).values()) {
    yield [cardPath.region(r.code), regionCard(r.name, LEVEL[r.level], r.code, await seriesFor(r.code))];
    places.push({ code: r.code, name: r.name, page: `region/${r.code}/` });
  }
  if (mode !== 'all') return;
  for (const p of places) {
    const rows = await seriesFor(p.code);
    for (const c of STANDARD_CHARTS) {
      const data = await chartData(c, { zh: p.name, en: p.name }, rows, p.code);
      yield [cardPath.chart(p.code, c.id), chartCard(p.name, p.page, data)];
    }
  }
}

export async function writeShareCards(o: {
  siteDir: string;
  previousDir?: string;
  mode: CardMode;
}): Promise<CardsResult> {
  const previous: Record<string, string> =
    o.previousDir && existsSync(join(o.previousDir, MANIFEST))
      ? (JSON.parse(readFileSync(join(o.previousDir, MANIFEST), 'utf8')) as Record<string, string>)
      : {};
  const manifest: Record<string, string> = {};
  const result: CardsResult = { drawn: 0, reused: 0, ms: 0 };
  // Started at the first card to draw: a rebuild that links every card loads no drawing code.
  let painter: CardPainter | null = null;
  /** Cards sent to the worker and not yet written, oldest first: two, so that it always has the next one. */
  const drawing: Promise<void>[] = [];
  try {
    for await (const [rel, card] of cards(o.mode)) {
      const hash = createHash('sha256')
        .update(`${CARD_DESIGN}${JSON.stringify(card)}`)
        .digest('hex')
        .slice(0, 16);
      manifest[rel] = hash;
      const target = join(o.siteDir, rel);
      mkdirSync(dirname(target), { recursive: true });
      if (o.previousDir && previous[rel] === hash)
        try {
          linkSync(join(o.previousDir, rel), target);
          result.reused++;
          continue;
        } catch {
          /* gone from the published site, or on another device: draw it */
        }
      const drawn = (painter ??= new CardPainter()).paint(card).then(({ png, ms }) => {
        writeFileSync(target, png);
        result.ms += ms;
        result.drawn++;
      });
      // A card that fails is thrown where it is awaited; the one after it, left waiting, must not also be unhandled.
      drawn.catch(() => {});
      drawing.push(drawn);
      if (drawing.length >= 2) await drawing.shift();
    }
    await Promise.all(drawing);
  } finally {
    await painter?.close();
  }
  mkdirSync(join(o.siteDir, dirname(MANIFEST)), { recursive: true });
  writeFileSync(join(o.siteDir, MANIFEST), JSON.stringify(manifest, Object.keys(manifest).sort()));
  return result;
}
