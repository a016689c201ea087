/**
 * Every metric by year for one region (or `national`), as small static JSON: what the embed page, URL views
 * and compare redraw from without loading the database engine.
 */
import type { APIRoute } from 'astro';
import { STANDARD_CHARTS } from '../../domain/charts';
import { METRICS } from '../../domain/metrics';
import { chartData, metricPoints } from '../../site/charts';
import { regions, seriesFor } from '../../site/data';
import { regionDigest } from '../../site/digests';
import { prefixOf } from '../../domain/divisions';

// Keyed like the region pages (src/site/digests.ts): unchanged regions are not computed again.
export async function getStaticPaths() {
  const codes = ['national', ...(await regions()).keys()];
  return Promise.all(
    codes.map(async (code) => ({
      params: { code },
      cacheKey: await regionDigest(code === 'national' ? code : prefixOf(code)),
    })),
  );
}

export const GET: APIRoute = async ({ params }) => {
  const code = params.code!;
  const region = code === 'national' ? null : (await regions()).get(code)!;
  const rows = await seriesFor(code);
  const name = region ? { zh: region.name, en: region.name } : { zh: '全国', en: 'China' };
  const charts = await Promise.all(
    STANDARD_CHARTS.map((c) => chartData(c.id, `${name.zh}：${c.zh}`, `${name.en}: ${c.en}`, c.metrics, rows, code)),
  );
  // Every metric too, for compare, which draws from these files (and body shards) without the database engine.
  const metrics = Object.fromEntries(
    await Promise.all(METRICS.map(async (m) => [m.id, await metricPoints(m.id, rows, code)])),
  );
  return new Response(JSON.stringify({ code, name, charts, metrics }));
};
