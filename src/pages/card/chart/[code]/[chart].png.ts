/**
 * The share card of a standard chart view: a chart of a region (or of the nation, `national`), with its first
 * series' latest figure; the chart's "share card" link and the QR code lead to the chart on its page.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { STANDARD_CHARTS } from '../../../../domain/charts';
import { cardPng } from '../../../../site/cards';
import { chartData } from '../../../../site/charts';
import { regions, seriesFor } from '../../../../site/data';
import { chartCard } from '../../../../site/share';

export const getStaticPaths = (async () => {
  const places = [{ code: 'national', name: '全国' }, ...[...(await regions()).values()]];
  return places.flatMap((p) =>
    STANDARD_CHARTS.map((c) => ({ params: { code: p.code, chart: c.id }, props: { name: p.name, chart: c } })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, props }) => {
  const { name, chart: c } = props as { name: string; chart: (typeof STANDARD_CHARTS)[number] };
  const code = params.code!;
  const data = await chartData(c.id, `${name}：${c.zh}`, `${name}: ${c.en}`, c.metrics, await seriesFor(code), code);
  const png = await cardPng(chartCard(name, code === 'national' ? '' : `region/${code}/`, data));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
