/**
 * Every metric by year for one region (or `national`), as small static JSON: what the embed page, URL views
 * and compare redraw from without loading the database engine. No charts: a chart is its metrics' points
 * (`chartOfMetrics`), and written out they were 57% of the file (6.1 of 10.7 KB, a national county).
 */
import type { APIRoute } from 'astro';
import type { SeriesFile } from '../../domain/charts';
import { SERIES_DICTIONARY } from '../../domain/preset-dictionaries';
import { pack } from '../../site/pack';
import { METRICS } from '../../domain/metrics';
import { metricPoints } from '../../site/charts';
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
  const metrics = Object.fromEntries(
    await Promise.all(METRICS.map(async (m) => [m.id, await metricPoints(m.id, rows, code)])),
  );
  return new Response(pack(JSON.stringify({ code, name, metrics } satisfies SeriesFile), SERIES_DICTIONARY));
};
