/**
 * Names to search on the compare page: every region and reporting body, with pinyin (full and initials) so
 * that "qixia", "qxs" or "栖霞" all find 栖霞市. Built once here so the browser needs no pinyin library.
 */
import type { APIRoute } from 'astro';
import { pinyin } from 'pinyin-pro';
import { agencies, regions } from '../site/data';

const py = (s: string) => ({
  py: pinyin(s, { toneType: 'none', type: 'array' }).join('').toLowerCase(),
  ini: pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase(),
});

export const GET: APIRoute = async () => {
  const items = [
    ...[...(await regions()).values()].map((r) => ({
      kind: 'r',
      id: r.code,
      name: r.name,
      sub: r.code,
      ...py(r.name),
    })),
    ...(await agencies()).map((a) => ({ kind: 'a', id: a.id, name: a.name, sub: a.region_name ?? '', ...py(a.name) })),
  ];
  return new Response(JSON.stringify(items));
};
