/**
 * The agency registry: every reporting body as reviewable data (`data/agencies/registry.csv`), with a stable id
 * that survives renames, every name it has been written under, its region, level and kind. The build files each
 * report under a body by explicit rules and never merges two bodies on a guess:
 *
 * - a report belongs to the entry that lists its agency name (as written, whitespace and width normalised)
 *   among its name and variants, in the report's region; the same name in two regions is two bodies;
 * - a name the registry does not know becomes a proposed entry (written to `registry-proposals.csv` and listed
 *   in the build summary) that a maintainer can accept by copying it into the registry, renaming or merging it
 *   by hand; hand edits always win, since the registry is read first;
 * - a report with no agency name has no body.
 */
import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { pinyin } from 'pinyin-pro';
import { isDivisionCode, levelOf } from '../domain/divisions.js';
import { ownName } from '../parse/region.js';

export type BodyKind = 'government' | 'department' | 'township' | 'zone' | 'other';
export type BodyLevel = 'province' | 'city' | 'county' | 'township';

export interface Body {
  id: string;
  name: string;
  /** Every other name the body's reports were written under (former names, with or without 办公室, 繁体). */
  variants: string[];
  region_code: string | null;
  level: BodyLevel | null;
  kind: BodyKind;
  /** The id of the body it belongs to (a department's government), when known. */
  parent: string | null;
  /** First and last report year the body is expected to publish for; null when open. */
  first_year: number | null;
  last_year: number | null;
  note: string;
  /** Not in the registry: proposed by this build from a name it had not seen. */
  proposed: boolean;
}

export const REGISTRY_COLUMNS = [
  'id',
  'name',
  'variants',
  'region_code',
  'level',
  'kind',
  'parent',
  'first_year',
  'last_year',
  'note',
] as const;

/** A name as a key: width forms folded (NFKC) and whitespace removed; nothing else is taken away. */
export const nameKey = (name: string): string => name.normalize('NFKC').replace(/\s+/g, '');

/** What a body is, by the end of its name; `zone` for a functional zone's committee. */
export function kindOf(name: string): BodyKind {
  if (/(镇|乡)(人民政府)?$|街道(办事处)?$|片区管理局$/.test(name)) return 'township';
  if (/(开发区|高新区|新区|园区|试验区|实验区)(管理委员会|管委会)$/.test(name)) return 'zone';
  if (/(人民政府|管理委员会|管委会)$|(综合实验区|新区)$/.test(name)) return 'government';
  if (/(局|委员会|委|办公室|办|厅|中心|院|所|部|会|队|站|处|署|馆)$/.test(name)) return 'department';
  return 'other';
}

/** A body's level: its division's, or township for a township or street office. */
export const bodyLevel = (regionCode: string | null, kind: BodyKind): BodyLevel | null =>
  !regionCode ? null : kind === 'township' ? 'township' : levelOf(regionCode);

const year = (s: string | undefined) => (s && /^\d{4}$/.test(s.trim()) ? Number(s) : null);

function parseRegistry(text: string): Body[] {
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  return rows
    .filter((r) => r.id?.trim() && r.name?.trim())
    .map((r) => ({
      id: r.id.trim(),
      name: r.name.trim(),
      variants: (r.variants ?? '')
        .split('|')
        .map((v) => v.trim())
        .filter(Boolean),
      region_code: isDivisionCode(r.region_code?.trim() ?? '') ? r.region_code.trim() : null,
      level: (r.level?.trim() || null) as BodyLevel | null,
      kind: (r.kind?.trim() || kindOf(r.name.trim())) as BodyKind,
      parent: r.parent?.trim() || null,
      first_year: year(r.first_year),
      last_year: year(r.last_year),
      note: r.note?.trim() ?? '',
      proposed: false,
    }));
}

/** A readable id for a proposed body: its region and the pinyin of its own name, the place in front left out. */
function proposedId(name: string, region: string | null, taken: Set<string>): string {
  const own = ownName(name, region);
  const slug =
    pinyin(own, { toneType: 'none', type: 'array', nonZh: 'removed', v: true })
      .join('')
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 40) || 'body';
  const base = `${region ?? '000000'}-${slug}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export class Registry {
  private readonly byKey = new Map<string, Body[]>();
  private readonly ids = new Set<string>();
  private readonly proposedBodies: Body[] = [];

  constructor(readonly entries: Body[]) {
    for (const b of entries) this.index(b);
  }

  static load(file: string): Registry {
    return new Registry(existsSync(file) ? parseRegistry(readFileSync(file, 'utf8')) : []);
  }

  private index(b: Body) {
    this.ids.add(b.id);
    for (const n of [b.name, ...b.variants]) {
      const k = nameKey(n);
      this.byKey.set(k, [...(this.byKey.get(k) ?? []), b]);
    }
  }

  /**
   * The body a report of `agency` in `region` belongs to: the registry entry naming it there, else the body
   * proposed for that name and region (made on first sight).
   */
  resolve(agency: string | null, region: string | null): Body | null {
    if (!agency) return null;
    const candidates = this.byKey.get(nameKey(agency)) ?? [];
    const here = candidates.filter((b) => b.region_code === region);
    if (here.length) return here[0];
    const kind = kindOf(nameKey(agency));
    const body: Body = {
      id: proposedId(nameKey(agency), region, this.ids),
      name: nameKey(agency),
      variants: [],
      region_code: region,
      level: bodyLevel(region, kind),
      kind,
      parent: null,
      first_year: null,
      last_year: null,
      note: candidates.length
        ? `same name as ${candidates.map((b) => b.id).join(', ')} in another region: kept apart`
        : 'proposed by the build from a name the registry does not list',
      proposed: true,
    };
    this.index(body);
    this.proposedBodies.push(body);
    return body;
  }

  get proposals(): Body[] {
    return this.proposedBodies;
  }

  get bodies(): Body[] {
    return [...this.entries, ...this.proposedBodies];
  }
}

/** Bodies as registry CSV rows (the proposals file has the registry's own columns, so accepting is a copy). */
export function registryCsv(bodies: Body[]): string {
  return Papa.unparse(
    {
      fields: [...REGISTRY_COLUMNS],
      data: bodies.map((b) => [
        b.id,
        b.name,
        b.variants.join('|'),
        b.region_code ?? '',
        b.level ?? '',
        b.kind,
        b.parent ?? '',
        b.first_year ?? '',
        b.last_year ?? '',
        b.note,
      ]),
    },
    { newline: '\n' },
  );
}
