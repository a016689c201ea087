/**
 * The readings a row of numbers admits when it does not have one number per column.
 *
 * Two cases, never mixed: cells run together with no separator ("640020470" for seven columns) are split in
 * every way that gives valid numbers; a row with too few or too many separate numbers is aligned in every way
 * its order allows. Either way a reading survives only if the row's own sums hold (总计 = the applicant
 * columns, 总计 = the four outcomes), and a cell missing from an alignment is filled only when a sum fixes it.
 * Choosing among the survivors is solve.ts's job; nothing here picks one.
 */

export type Value = number | null;

export interface Sum {
  total: number;
  parts: number[];
}

export interface RowShape {
  width: number;
  /** Columns that may hold a decimal (fees in 万元). */
  decimal: boolean[];
  /** Columns that may be negative (本年增/减). */
  signed: boolean[];
  sums: Sum[];
}

export interface Reading {
  values: Value[];
  /** Cells filled from a sum rather than read. */
  derived: boolean[];
}

const EPS = 1e-6;
const MAX_READINGS = 20_000;

const sumHolds = (v: Value[], s: Sum): boolean => {
  const t = v[s.total];
  if (t === null) return true;
  let sum = 0;
  for (const i of s.parts) {
    const p = v[i];
    if (p === null) return true;
    sum += p;
  }
  return Math.abs(t - sum) < EPS;
};

export const sumsHold = (v: Value[], shape: RowShape): boolean => shape.sums.every((s) => sumHolds(v, s));

const isDigit = (c: number) => c >= 48 && c <= 57;

/** `s[a, b)` is a whole number as written: "0", or digits without a leading zero. */
function wholeNumber(s: string, a: number, b: number): boolean {
  if (a >= b) return false;
  const c0 = s.charCodeAt(a);
  if (c0 === 48) return b - a === 1;
  if (!isDigit(c0)) return false;
  for (let j = a + 1; j < b; j++) if (!isDigit(s.charCodeAt(j))) return false;
  return true;
}

/** `s[a, b)` is a valid number for `column`: a sign only where the column may be negative, a decimal only where it may hold one. */
function validPart(s: string, a: number, b: number, column: number, shape: RowShape): boolean {
  const neg = s.charCodeAt(a) === 45; /* - */
  const from = neg ? a + 1 : a;
  if (from >= b || (neg && !shape.signed[column])) return false;
  let dot = -1;
  for (let j = from; j < b; j++)
    if (s.charCodeAt(j) === 46 /* . */) {
      dot = j;
      break;
    }
  if (dot >= 0) {
    if (!shape.decimal[column]) return false;
    // The fraction runs to the next point, if digits run together hold two of them.
    let end = b;
    for (let j = dot + 1; j < b; j++)
      if (s.charCodeAt(j) === 46) {
        end = j;
        break;
      }
    if (!wholeNumber(s, from, dot) || end === dot + 1) return false;
    for (let j = dot + 1; j < end; j++) if (!isDigit(s.charCodeAt(j))) return false;
    return true;
  }
  return wholeNumber(s, from, b) && !(neg && b - from === 1 && s.charCodeAt(from) === 48);
}

/** Per column, the row's sums whose last term is that column: they can be tested as soon as it is cut. */
const SUMS_AT = new WeakMap<RowShape, Sum[][]>();
function sumsAt(shape: RowShape): Sum[][] {
  let at = SUMS_AT.get(shape);
  if (!at) {
    const byColumn: Sum[][] = Array.from({ length: shape.width }, () => []);
    for (const sum of shape.sums) byColumn[Math.max(sum.total, ...sum.parts)]?.push(sum);
    at = byColumn;
    SUMS_AT.set(shape, at);
  }
  return at;
}

const allHold = (v: Value[], sums: Sum[] | undefined): boolean => !sums || sums.every((s) => sumHolds(v, s));

/**
 * Per column, the sums whose total stands before their parts (table 四: total, then the four outcomes) and whose
 * parts cannot be negative, with how many parts end at that column: once the parts cut so far add up to more
 * than the total, no later part can bring the sum back, and the cut goes no further.
 */
const PARTIAL_AT = new WeakMap<RowShape, { sum: Sum; upTo: number }[][]>();
function partialAt(shape: RowShape): { sum: Sum; upTo: number }[][] {
  let at = PARTIAL_AT.get(shape);
  if (!at) {
    const byColumn: { sum: Sum; upTo: number }[][] = Array.from({ length: shape.width }, () => []);
    for (const sum of shape.sums) {
      const ascending = sum.parts.every((p, i) => p > (i ? sum.parts[i - 1] : sum.total));
      if (!ascending || sum.parts.some((p) => shape.signed[p])) continue;
      // The last part completes the sum, which is then tested whole.
      sum.parts.slice(0, -1).forEach((p, i) => byColumn[p]?.push({ sum, upTo: i + 1 }));
    }
    at = byColumn;
    PARTIAL_AT.set(shape, at);
  }
  return at;
}

/** The parts cut so far do not already exceed their total (values as `sumHolds` adds them, in order). */
function partialHolds(v: number[], checks: { sum: Sum; upTo: number }[]): boolean {
  for (const { sum, upTo } of checks) {
    let partial = 0;
    for (let i = 0; i < upTo; i++) partial += v[sum.parts[i]];
    if (partial - v[sum.total] > EPS) return false;
  }
  return true;
}

/** Whether `mask` reads the space before tokens[i] as stray (a minus sign always starts a number). */
const glues = (tokens: string[], spaces: number, i: number, mask: number): boolean =>
  i <= spaces && (mask & (1 << (i - 1))) !== 0 && !tokens[i].startsWith('-');

/** Readings of number tokens that may each hold several cells run together. */
export function splitReadings(tokens: string[], shape: RowShape): Reading[] {
  const out: Reading[] = [];
  const seen = new Set<string>();
  const at = sumsAt(shape);
  const partial = partialAt(shape);
  // The search runs per row of every report: the values cut so far live in one array, grown and shrunk back.
  const acc: number[] = [];
  let parts: string[] = [];
  /** Digits in parts[t] and after it: the most columns the rest of the row can still fill. */
  let room: number[] = [];
  const walk = (t: number, column: number): void => {
    if (out.length >= MAX_READINGS) return;
    if (t === parts.length) {
      if (column !== shape.width) return;
      const values = acc.slice();
      if (!sumsHold(values, shape)) return;
      const key = values.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ values, derived: values.map(() => false) });
      }
      return;
    }
    if (column + room[t] < shape.width) return;
    const remainingTokens = parts.length - t - 1;
    const maxParts = Math.min(room[t] - room[t + 1], shape.width - column - remainingTokens);
    for (let m = 1; m <= maxParts; m++) cuts(t, 0, m, column, column + m);
  };
  /**
   * Every way to cut parts[t] from `from` into `pieces` valid numbers for the columns from `column`, each
   * followed by the rest of the row. A cut that breaks a sum it completes goes no further: no reading through
   * it could survive.
   */
  const cuts = (t: number, from: number, pieces: number, column: number, next: number): void => {
    const s = parts[t];
    if (pieces === 1) {
      if (validPart(s, from, s.length, column, shape)) {
        acc.push(Number(s.slice(from)));
        if (allHold(acc, at[column]) && partialHolds(acc, partial[column])) walk(t + 1, next);
        acc.pop();
      }
      return;
    }
    for (let end = from + 1; end <= s.length - pieces + 1; end++) {
      if (!validPart(s, from, end, column, shape)) continue;
      // A minus sign or decimal point cannot start the next number's digits mid-token except as a sign.
      if (s.charCodeAt(end) === 46 /* . */) continue;
      acc.push(Number(s.slice(from, end)));
      if (allHold(acc, at[column]) && partialHolds(acc, partial[column])) cuts(t, end, pieces - 1, column + 1, next);
      acc.pop();
    }
  };
  // In text whose cells run together a space is no proof of a cell boundary ("1 4" can be 14): every space
  // may also be a stray one, so the digits on both sides are read joined as well (up to 2^10 ways).
  const spaces = Math.min(tokens.length - 1, 10);
  const zeros = tokens.map((t) => /^0+$/.test(t));
  /*
   * A part of only zeros can be cut only into single "0"s (no number has a leading zero), and so can its zeros
   * with digits glued after them: gluing a token to such a part reads exactly as leaving the space, with every
   * cut, check and reading the same and in the same order. Only the joins that glue onto other digits tell two
   * ways apart; a row of zeros, 1,024 ways, is searched once.
   */
  const searched = new Set<number>();
  for (let mask = 0; mask < 1 << spaces; mask++) {
    let joins = 0;
    let allZeros = zeros[0];
    for (let i = 1; i < tokens.length; i++) {
      if (glues(tokens, spaces, i, mask) && !(allZeros && tokens[i].length && tokens[i].charCodeAt(0) !== 46 /* . */)) {
        joins |= 1 << (i - 1);
        allZeros = false;
      } else allZeros = zeros[i];
    }
    if (searched.has(joins)) continue;
    searched.add(joins);
    parts = [tokens[0]];
    for (let i = 1; i < tokens.length; i++)
      if (glues(tokens, spaces, i, mask)) parts[parts.length - 1] += tokens[i];
      else parts.push(tokens[i]);
    room = Array<number>(parts.length + 1).fill(0);
    for (let t = parts.length - 1; t >= 0; t--) room[t] = room[t + 1] + parts[t].replace(/[-.]/g, '').length;
    walk(0, 0);
  }
  return out;
}

function* combinations(n: number, k: number, start = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= n - k; i++) for (const rest of combinations(n, k - 1, i + 1)) yield [i, ...rest];
}

/** Fill cells that a sum fixes (exactly one unknown term); null if that would make a count negative. */
function derive(values: Value[], shape: RowShape): Reading | null {
  const v = [...values];
  const derived = v.map(() => false);
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of shape.sums) {
      const idx = [s.total, ...s.parts];
      const unknown = idx.filter((i) => v[i] === null);
      if (unknown.length !== 1) continue;
      const u = unknown[0];
      const partsKnown = s.parts.filter((i) => i !== u).reduce((a, i) => a + (v[i] as number), 0);
      const x = u === s.total ? partsKnown : (v[s.total] as number) - partsKnown;
      if (x < -EPS && !shape.signed[u]) return null;
      v[u] = Math.round(x * 1e6) / 1e6;
      derived[u] = true;
      changed = true;
    }
  }
  return { values: v, derived };
}

/** Readings of separate numbers that are fewer or more than the row's columns. */
export function alignReadings(numbers: number[], shape: RowShape): Reading[] {
  const n = shape.width;
  const k = numbers.length;
  const out: Reading[] = [];
  if (k < n) {
    for (const cols of combinations(n, k)) {
      const v: Value[] = Array(n).fill(null);
      cols.forEach((c, i) => (v[c] = numbers[i]));
      const r = derive(v, shape);
      if (r && sumsHold(r.values, shape)) out.push(r);
      if (out.length >= MAX_READINGS) break;
    }
  } else if (k > n && k - n <= 2) {
    for (const drop of combinations(k, k - n)) {
      const values = numbers.filter((_, i) => !drop.includes(i));
      if (sumsHold(values, shape)) out.push({ values, derived: values.map(() => false) });
    }
  }
  return out;
}

/** Distinct readings (two alignments that give the same numbers are one reading). */
export function distinct(readings: Reading[]): Reading[] {
  const seen = new Map<string, Reading>();
  for (const r of readings) {
    const key = JSON.stringify(r.values);
    const prev = seen.get(key);
    if (!prev) seen.set(key, r);
    else prev.derived = prev.derived.map((d, i) => d || r.derived[i]);
  }
  return [...seen.values()];
}

/**
 * Readings of a full set of numbers whose groups were interleaved by the text order (pdftotext raw mode
 * reads a table by text blocks, so 复议 and 诉讼 numbers alternate). Each group keeps its own order; a group is
 * accepted only when its sum holds.
 */
export function interleaveReadings(numbers: number[], shape: RowShape, groups: number[][]): Reading[] {
  if (numbers.length !== shape.width || groups.flat().length !== shape.width) return [];
  const out: Reading[] = [];
  const values: Value[] = Array(shape.width).fill(null);
  const filled = groups.map(() => 0);
  let nodes = 0;
  const groupSum = groups.map((g) => shape.sums.find((s) => g.includes(s.total)));
  const walk = (p: number) => {
    if (out.length >= MAX_READINGS || ++nodes > 2_000_000) return;
    if (p === numbers.length) {
      out.push({ values: [...values], derived: values.map(() => false) });
      return;
    }
    groups.forEach((g, gi) => {
      if (filled[gi] === g.length) return;
      const cell = g[filled[gi]];
      values[cell] = numbers[p];
      filled[gi]++;
      const sum = groupSum[gi];
      if (filled[gi] < g.length || !sum || sumHolds(values, sum)) walk(p + 1);
      filled[gi]--;
      values[cell] = null;
    });
  };
  walk(0);
  return out;
}
