/** The bodies of one province, for compare's search (src/site/search.ts). */
import type { APIRoute } from 'astro';
import { SEARCH_DICTIONARY } from '../../domain/preset-dictionaries';
import { bodyItems } from '../../site/search';
import { pack } from '../../site/pack';

export async function getStaticPaths() {
  return [...(await bodyItems()).keys()].sort().map((province) => ({ params: { province } }));
}

export const GET: APIRoute = async ({ params }) =>
  new Response(pack(JSON.stringify((await bodyItems()).get(params.province!) ?? []), SEARCH_DICTIONARY));
