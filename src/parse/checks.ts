/**
 * The accounting identities of report-contract.md, tested on the cells as parsed.
 *
 * A blank part counts as zero (reports leave zero cells empty); a blank or missing total, or any cell the
 * parser could not settle, makes the identity untestable rather than passed, and it is then reported as a
 * problem, not as a check.
 */
import { identitiesOf, type Identity, type TemplateId } from '../domain/template.js';
import type { Cell } from '../domain/cells.js';
import { checkDetail, type Untestable } from '../domain/messages.js';

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

export function runChecks(template: TemplateId, cells: Record<string, Cell>): CheckOutcome {
  const checks: Check[] = [];
  const untestable: Untestable[] = [];
  for (const id of identitiesOf(template)) {
    const side = (keys: string[]) => keys.map((k) => cells[k]).filter((c) => c && c.state !== 'absent');
    const left = side(id.left);
    const right = side(id.right);
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
    const sum = (cs: Cell[]) => cs.reduce((a, c) => a + (c.value ?? 0), 0);
    const l = sum(left);
    const r = sum(right);
    const blanks = all.filter((c) => c.value === null).length;
    checks.push({
      id: id.id,
      ok: Math.abs(l - r) < 1e-6,
      detail: checkDetail(
        `${left.map((c) => (c.value === null ? '·' : fmt(c.value))).join('+')} = ${fmt(l)}; ${right
          .map((c) => (c.value === null ? '·' : fmt(c.value)))
          .join('+')} = ${fmt(r)}`,
        blanks,
      ),
    });
  }
  return { checks, untestable };
}

function countAbsent(id: Identity, cells: Record<string, Cell>): number {
  return [...id.left, ...id.right].filter((k) => cells[k]?.state === 'absent').length;
}
