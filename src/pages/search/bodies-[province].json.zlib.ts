/** The bodies of one province, for compare's search (src/site/search.ts). */
import type { APIRoute } from 'astro';
import { SEARCH_DICTIONARY } from '../../domain/preset-dictionaries';
import { bodiesByProvince, bodyItems } from '../../site/search';
import { pack } from '../../site/pack';
import { regionDigest } from '../../site/digests';

// Keyed like the province's region page (src/site/digests.ts hashes its bodies' rows): a province whose bodies
// did not change is restored from the incremental cache. Bodies of no known region are keyed on the nation's.
export async function getStaticPaths() {
  return Promise.all(
    [...(await bodiesByProvince()).keys()].sort().map(async (province) => ({
      params: { province },
      cacheKey: await regionDigest(province === '00' ? 'national' : province),
    })),
  );
}

export const GET: APIRoute = async ({ params }) =>
  new Response(pack(JSON.stringify(await bodyItems(params.province!)), SEARCH_DICTIONARY));
