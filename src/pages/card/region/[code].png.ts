/** A region page's share card: its name, new requests in the latest year, how many reports. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { cardPng } from '../../../site/cards';
import { regions, seriesFor, type RegionNode } from '../../../site/data';
import { regionCard } from '../../../site/share';

export const getStaticPaths = (async () =>
  [...(await regions()).values()].map((region) => ({
    params: { code: region.code },
    props: { region },
  }))) satisfies GetStaticPaths;

const LEVEL = { province: '省级', city: '地级', county: '县级' };

export const GET: APIRoute = async ({ props }) => {
  const { region } = props as { region: RegionNode };
  const png = await cardPng(regionCard(region.name, LEVEL[region.level], region.code, await seriesFor(region.code)));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
