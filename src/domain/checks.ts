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

// Nearly every value is a whole number small enough that the rounding cannot change it: it is skipped for them.
const fmt = (n: number) => String(Number.isInteger(n) && Math.abs(n) < 1e9 ? n : Math.round(n * 1e6) / 1e6);
/** What a check reads of a cell: a parsed one, or one from a body's shard. */
type Term = Pick<Cell, 'value' | 'state'>;

const shown = (c: Term) => (c.value === null ? '·' : fmt(c.value));
const sum = (cs: Term[]) => {
  let total = 0;
  for (const c of cs) total += c.value ?? 0;
  return total;
};

/** The identities of each template, built once rather than for every report. */
const IDENTITIES: Record<TemplateId, Identity[]> = { '2021': identitiesOf('2021'), '2019': identitiesOf('2019') };

/**
 * The terms of one side: the report's cells but absent columns (an absent column is no term); null when a key has
 * no cell at all, which leaves the identity untested.
 */
function side(keys: string[], cells: CellLookup): Term[] | null {
  const out: Term[] = [];
  for (const k of keys) {
    const c = cells.get(k);
    if (!c) return null;
    if (c.state !== 'absent') out.push(c);
  }
  return out;
}

const stated = (cs: Term[]) => cs.some((c) => c.value !== null);

/** A report's cells by key: a map, or anything that finds a cell by its key (the parser's three tables). */
export interface CellLookup {
  get(key: string): Term | undefined;
}

// One pass per side and no intermediate lists: the checks were 9% of parsing a text report (2026-12-06).
export function runChecks(template: TemplateId, given: CellLookup | Record<string, Term>): CheckOutcome {
  const cells: CellLookup = typeof given.get === 'function' ? (given as CellLookup) : new Map(Object.entries(given));
  const checks: Check[] = [];
  const untestable: Untestable[] = [];
  for (const id of IDENTITIES[template]) {
    const left = side(id.left, cells);
    const right = left && side(id.right, cells);
    if (!left || !right) continue;
    const leftStated = stated(left);
    const rightStated = stated(right);
    // Nothing to test: no term at all, or a blank row or column (nothing stated).
    if (!leftStated && !rightStated) continue;
    let blanks = 0;
    let unsettled = 0;
    // Made only for the rare identity with an unsettled term, not for every identity of every report.
    let states: Set<string> | null = null;
    for (const terms of [left, right])
      for (const c of terms)
        if (c.value === null) {
          if (c.state === 'blank') blanks++;
          else {
            unsettled++;
            (states ??= new Set()).add(c.state);
          }
        }
    if (states) {
      untestable.push({ id: id.id, count: unsettled, states: [...states] });
      continue;
    }
    if (!leftStated || !rightStated) {
      untestable.push({ id: id.id });
      continue;
    }
    const l = sum(left);
    const r = sum(right);
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
