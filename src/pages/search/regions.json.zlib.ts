/** Every region, for compare's search (src/site/search.ts). */
import type { APIRoute } from 'astro';
import { SEARCH_DICTIONARY } from '../../domain/preset-dictionaries';
import { regionItems } from '../../site/search';
import { pack } from '../../site/pack';

export const GET: APIRoute = async () => new Response(pack(JSON.stringify(await regionItems()), SEARCH_DICTIONARY));
