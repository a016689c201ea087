/**
 * Choosing among a table's row readings with the table's identities (column balances and result sums).
 *
 * All combinations that satisfy every identity are found (up to a bound); a cell gets a value only when all
 * of them agree on it. Where they disagree the cell stays null and is reported ambiguous: a split the
 * identities do not force is never chosen.
 */
import type { Identity } from '../domain/template.js';
import type { Reading, Value } from './candidates.js';

export interface RowOptions {
  /** Cell keys of the row, in column order. */
  keys: string[];
  readings: Reading[];
}

export interface Solved {
  values: Map<string, Value>;
  ambiguous: Set<string>;
  derived: Set<string>;
  /** False when no combination satisfies the identities (each row then keeps only what its readings agree on). */
  consistent: boolean;
  searchExhausted: boolean;
}

const MAX_SOLUTIONS = 64;
const MAX_NODES = 400_000;

export function solve(rows: RowOptions[], identities: Identity[]): Solved {
  const fixed = new Map<string, Value>();
  const derived = new Set<string>();
  const open: RowOptions[] = [];
  for (const r of rows) {
    if (r.readings.length === 1) {
      r.keys.forEach((k, i) => {
        fixed.set(k, r.readings[0].values[i]);
        if (r.readings[0].derived[i]) derived.add(k);
      });
    } else if (r.readings.length > 1) open.push(r);
  }
  open.sort((a, b) => a.readings.length - b.readings.length);

  const rowOfKey = new Map<string, number>();
  open.forEach((r, i) => r.keys.forEach((k) => rowOfKey.set(k, i)));
  // Check each identity as soon as the last open row it touches is assigned.
  const checksAt: Identity[][] = open.map(() => []);
  for (const id of identities) {
    const touched = [...id.left, ...id.right].map((k) => rowOfKey.get(k)).filter((x): x is number => x !== undefined);
    if (touched.length) checksAt[Math.max(...touched)].push(id);
  }

  // Each key gets a slot: the search assigns and tests numbers in an array, not a map of keys.
  const slotOf = new Map<string, number>();
  const slot = (k: string): number => {
    let i = slotOf.get(k);
    if (i === undefined) slotOf.set(k, (i = slotOf.size));
    return i;
  };
  for (const k of fixed.keys()) slot(k);
  const rowSlots = open.map((r) => r.keys.map(slot));
  const checkSlots = checksAt.map((ids) => ids.map((id) => ({ left: id.left.map(slot), right: id.right.map(slot) })));
  const current: (Value | undefined)[] = Array<Value | undefined>(slotOf.size).fill(undefined);
  for (const [k, v] of fixed) current[slotOf.get(k)!] = v;
  const solutions: (Value | undefined)[][] = [];
  let nodes = 0;
  let exhausted = false;
  const holds = (id: { left: number[]; right: number[] }): boolean => {
    let l = 0;
    let r = 0;
    for (const i of id.left) {
      const v = current[i];
      if (v === null || v === undefined) return true;
      l += v;
    }
    for (const i of id.right) {
      const v = current[i];
      if (v === null || v === undefined) return true;
      r += v;
    }
    return Math.abs(l - r) < 1e-6;
  };
  const walk = (i: number) => {
    if (solutions.length >= MAX_SOLUTIONS) return;
    if (++nodes > MAX_NODES) {
      exhausted = true;
      return;
    }
    if (i === open.length) {
      solutions.push(current.slice());
      // Past the bound, agreement among the solutions seen proves nothing about the rest.
      if (solutions.length >= MAX_SOLUTIONS) exhausted = true;
      return;
    }
    const slots = rowSlots[i];
    for (const reading of open[i].readings) {
      for (let j = 0; j < slots.length; j++) current[slots[j]] = reading.values[j];
      if (checkSlots[i].every(holds)) walk(i + 1);
      if (exhausted || solutions.length >= MAX_SOLUTIONS) break;
    }
    for (const j of slots) current[j] = undefined;
  };
  // Without identities every combination fits: each row keeps only what its own readings agree on.
  if (open.length && identities.length) walk(0);

  const values = new Map<string, Value>(fixed);
  const ambiguous = new Set<string>();
  const consistent = identities.length > 0 && solutions.length > 0 && !exhausted;
  for (const r of open) {
    r.keys.forEach((k, j) => {
      const seen = consistent ? solutions.map((s) => s[slotOf.get(k)!] ?? null) : r.readings.map((x) => x.values[j]);
      const agreed = seen.every((v) => v === seen[0]);
      values.set(k, agreed ? seen[0] : null);
      if (!agreed) ambiguous.add(k);
      else if (r.readings.some((x) => x.derived[j])) derived.add(k);
    });
  }
  return {
    values,
    ambiguous,
    derived,
    consistent: consistent || open.length === 0 || identities.length === 0,
    searchExhausted: exhausted,
  };
}
