/**
 * The accounting identities of report-contract.md, tested on a report's cells: by the parser on the cells as parsed,
 * and by a body page on the cells of its shard (which carries no checks of its own: they follow from its cells).
 *
 * A blank part counts as zero (reports leave zero cells empty); a blank or missing total, or any cell the
 * parser could not settle, makes the identity untestable rather than passed, and it is then reported as a
 * problem, not as a check.
 */
import { identitiesOf, type Identity, type TemplateId } from './template.js';
import type { Cell } from './cells.js';
import { checkDetail, type Untestable } from './messages.js';

export interface Check {
  id: string;
  ok: boolean;
  detail: string;
}

export interface CheckOutcome {
  checks: Check[];
  untestable: Untestable[];
}

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);
/** What a check reads of a cell: a parsed one, or one from a body's shard. */
type Term = Pick<Cell, 'value' | 'state'>;

const shown = (c: Term) => (c.value === null ? '·' : fmt(c.value));
const sum = (cs: Term[]) => cs.reduce((a, c) => a + (c.value ?? 0), 0);

/** The identities of each template, built once rather than for every report. */
const IDENTITIES: Record<TemplateId, Identity[]> = { '2021': identitiesOf('2021'), '2019': identitiesOf('2019') };

/** The cells of one side that the report has (an absent column is no term). */
function side(keys: string[], cells: ReadonlyMap<string, Term>): Term[] {
  const out: Term[] = [];
  for (const k of keys) {
    const c = cells.get(k);
    if (c && c.state !== 'absent') out.push(c);
  }
  return out;
}

export function runChecks(template: TemplateId, given: ReadonlyMap<string, Term> | Record<string, Term>): CheckOutcome {
  const cells = given instanceof Map ? given : new Map(Object.entries(given));
  const checks: Check[] = [];
  const untestable: Untestable[] = [];
  for (const id of IDENTITIES[template]) {
    const left = side(id.left, cells);
    const right = side(id.right, cells);
    const all = [...left, ...right];
    if (all.length === 0 || all.length < id.left.length + id.right.length - countAbsent(id, cells)) continue;
    if (all.every((c) => c.value === null)) continue; // a blank row or column: nothing stated, nothing to test
    const unsettled = all.filter((c) => c.value === null && c.state !== 'blank');
    if (unsettled.length) {
      untestable.push({ id: id.id, count: unsettled.length, states: [...new Set(unsettled.map((c) => c.state))] });
      continue;
    }
    if (left.every((c) => c.value === null) || right.every((c) => c.value === null)) {
      untestable.push({ id: id.id });
      continue;
    }
    const l = sum(left);
    const r = sum(right);
    const blanks = all.filter((c) => c.value === null).length;
    checks.push({
      id: id.id,
      ok: Math.abs(l - r) < 1e-6,
      detail: checkDetail(
        `${left.map(shown).join('+')} = ${fmt(l)}; ${right.map(shown).join('+')} = ${fmt(r)}`,
        blanks,
      ),
    });
  }
  return { checks, untestable };
}

function countAbsent(id: Identity, cells: ReadonlyMap<string, Term>): number {
  let n = 0;
  for (const k of id.left) if (cells.get(k)?.state === 'absent') n++;
  for (const k of id.right) if (cells.get(k)?.state === 'absent') n++;
  return n;
}
