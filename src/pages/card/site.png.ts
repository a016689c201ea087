/** The site's share card: every page without one of its own (overview, lists, compare, explore, data). */
import type { APIRoute } from 'astro';
import { cardPng } from '../../site/cards';
import { query, seriesFor } from '../../site/data';
import { siteCard } from '../../site/share';

export const GET: APIRoute = async () => {
  const [row] = await query<{ n: number }>(`SELECT count(*) AS n FROM reports WHERE is_primary`);
  const png = await cardPng(siteCard(await seriesFor('national'), Number(row?.n ?? 0)));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
