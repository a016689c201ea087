import { describe, expect, it } from 'vitest';
import { splitReadings, sumsHold, type RowShape, type Value } from '../../src/parse/candidates.js';
import { Random } from '../../scripts/synth/random.js';

/**
 * The search for cuts of run-together digits prunes (a sum broken as soon as it is complete, outcomes already past
 * their total, digits too few to fill the row). Pruning must never change what it finds: these cases compare it
 * with a search that tries every cut and tests the sums only at the end, readings and their order alike.
 */
function everyCut(tokens: string[], shape: RowShape): Value[][] {
  const valid = (s: string, column: number): boolean => {
    const neg = s.startsWith('-');
    const body = neg ? s.slice(1) : s;
    if (!body || (neg && !shape.signed[column])) return false;
    if (body.includes('.')) {
      if (!shape.decimal[column]) return false;
      const [int, frac] = body.split('.');
      return /^(0|[1-9]\d*)$/.test(int) && /^\d+$/.test(frac);
    }
    return /^(0|[1-9]\d*)$/.test(body) && !(neg && body === '0');
  };
  const cuts = (s: string, parts: number, column: number): string[][] => {
    if (parts === 1) return valid(s, column) ? [[s]] : [];
    const out: string[][] = [];
    for (let i = 1; i <= s.length - parts + 1; i++) {
      const head = s.slice(0, i);
      if (!valid(head, column) || s[i] === '.') continue;
      for (const rest of cuts(s.slice(i), parts - 1, column + 1)) out.push([head, ...rest]);
    }
    return out;
  };
  const found: Value[][] = [];
  const seen = new Set<string>();
  const walk = (parts: string[], t: number, column: number, acc: string[]) => {
    if (t === parts.length) {
      const values = acc.map(Number);
      if (column === shape.width && sumsHold(values, shape) && !seen.has(values.join(','))) {
        seen.add(values.join(','));
        found.push(values);
      }
      return;
    }
    const most = Math.min(parts[t].replace(/[-.]/g, '').length, shape.width - column - (parts.length - t - 1));
    for (let m = 1; m <= most; m++)
      for (const c of cuts(parts[t], m, column)) walk(parts, t + 1, column + m, [...acc, ...c]);
  };
  const spaces = Math.min(tokens.length - 1, 10);
  for (let mask = 0; mask < 1 << spaces; mask++) {
    const parts = [tokens[0]];
    for (let i = 1; i < tokens.length; i++)
      if (i <= spaces && mask & (1 << (i - 1)) && !tokens[i].startsWith('-')) parts[parts.length - 1] += tokens[i];
      else parts.push(tokens[i]);
    walk(parts, 0, 0, []);
  }
  return found;
}

const plain = (width: number) => ({ decimal: Array(width).fill(false), signed: Array(width).fill(false) });
/** Table 四: three groups of a total followed by its four outcomes. */
const T4: RowShape = {
  width: 15,
  ...plain(15),
  sums: [0, 5, 10].map((g) => ({ total: g, parts: [g + 1, g + 2, g + 3, g + 4] })),
};
/** A table 三 row: six applicant columns, then their total. */
const T3: RowShape = { width: 7, ...plain(7), sums: [{ total: 6, parts: [0, 1, 2, 3, 4, 5] }] };
/** A 2019 table 二 row with a signed change, and a fee row's decimal, no sums. */
const T2: RowShape = { width: 3, decimal: [false, false, true], signed: [false, true, false], sums: [] };

/** A row whose sums hold, written as digits with spaces dropped or kept at random (and sometimes a stray one). */
function row(r: Random, shape: RowShape): string[] {
  const values: number[] = Array.from({ length: shape.width }, () => r.geometric(0.5, 30));
  for (const s of shape.sums) values[s.total] = s.parts.reduce((a, i) => a + values[i], 0);
  if (shape.signed.some(Boolean) && r.chance(0.5)) values[shape.signed.indexOf(true)] *= -1;
  const written = values.map((v, i) => (shape.decimal[i] && r.chance(0.5) ? `${v}.${r.int(1, 9)}` : String(v)));
  if (r.chance(0.2)) written[r.int(0, written.length - 1)] += String(r.int(0, 9));
  const tokens: string[] = [];
  for (const w of written)
    if (tokens.length && !w.startsWith('-') && r.chance(0.7)) tokens[tokens.length - 1] += w;
    else tokens.push(w);
  if (r.chance(0.3)) {
    const t = r.int(0, tokens.length - 1);
    const at = r.int(1, Math.max(1, tokens[t].length - 1));
    if (at < tokens[t].length) tokens.splice(t, 1, tokens[t].slice(0, at), tokens[t].slice(at));
  }
  return tokens.slice(0, 8);
}

/** The pruned search gives exactly the readings of trying every cut; true when there are any. */
function agreesWithEveryCut(tokens: string[], shape: Parameters<typeof everyCut>[1]): boolean {
  const expected = everyCut(tokens, shape);
  expect(
    splitReadings(tokens, shape).map((x) => x.values),
    tokens.join(' '),
  ).toEqual(expected);
  return expected.length > 0;
}

describe('the pruned search for run-together cuts', () => {
  for (const [name, shape, cases] of [
    ['table 四', T4, 60],
    ['a table 三 row', T3, 150],
    ['a table 二 row with a sign and a decimal', T2, 150],
  ] as const)
    it(`finds exactly what trying every cut finds, in the same order (${name})`, () => {
      const r = new Random(12);
      let nonEmpty = 0;
      for (let i = 0; i < cases; i++) {
        if (agreesWithEveryCut(row(r, shape), shape)) nonEmpty++;
      }
      // The cases must exercise readings, not only rows with none.
      expect(nonEmpty).toBeGreaterThan(cases / 3);
    });
});

describe('joinings that glue zeros', () => {
  it('find what trying every cut finds, for rows of zeros and zeros among other numbers', () => {
    const r = new Random(7);
    const rows: string[][] = [
      Array(15).fill('0'),
      ['0', '0', '0', '0', '0', '3', '1', '0', '2', '0', '0', '0', '0', '0', '0'],
      ['00', '0', '000', '5', '05', '0', '0', '0', '0', '0', '0'],
      ['0', '0.5', '00', '-0', '0'],
    ];
    // Rows of mostly zeros with a few small numbers, split into tokens at random.
    for (let i = 0; i < 30; i++) {
      const digits = Array.from({ length: 15 }, () => (r.chance(0.8) ? '0' : String(r.int(1, 12))));
      const tokens: string[] = [];
      for (const d of digits)
        if (tokens.length && r.chance(0.3)) tokens[tokens.length - 1] += d;
        else tokens.push(d);
      rows.push(tokens);
    }
    let nonEmpty = 0;
    for (const tokens of rows) for (const shape of [T4, T3, T2]) if (agreesWithEveryCut(tokens, shape)) nonEmpty++;
    expect(nonEmpty).toBeGreaterThan(5);
    // A zero followed by a token that starts with a point is a decimal when glued, not a zero and a fraction.
    const decimalFirst: RowShape = { width: 2, decimal: [true, false], signed: [false, false], sums: [] };
    for (const tokens of [
      ['0', '.5', '3'],
      ['0', '0', '.5', '3'],
    ])
      expect(splitReadings(tokens, decimalFirst).map((x) => x.values)).toEqual(everyCut(tokens, decimalFirst));
    expect(splitReadings(['0', '.5', '3'], decimalFirst).map((x) => x.values)).toEqual([[0.5, 3]]);
  });
});
