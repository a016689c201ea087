/** The bodies of one province, for compare's search (src/site/search.ts). */
import type { APIRoute } from 'astro';
import { bodyItems } from '../../site/search';

export async function getStaticPaths() {
  return [...(await bodyItems()).keys()].sort().map((province) => ({ params: { province } }));
}

export const GET: APIRoute = async ({ params }) =>
  new Response(JSON.stringify((await bodyItems()).get(params.province!) ?? []));
