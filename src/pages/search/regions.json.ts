/** Every region, for compare's search (src/site/search.ts). */
import type { APIRoute } from 'astro';
import { regionItems } from '../../site/search';

export const GET: APIRoute = async () => new Response(JSON.stringify(await regionItems()));
