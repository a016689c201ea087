import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignReadings, splitReadings, type RowShape } from '../../src/parse/candidates.js';
import { runChecks } from '../../src/domain/checks.js';
import type { Cell } from '../../src/domain/cells.js';
import { solve } from '../../src/parse/solve.js';
import { identitiesOf } from '../../src/domain/template.js';
import { parseText, REPORTS, t3Row } from '../fixtures/reports.js';

const t3Shape = (width = 7): RowShape => ({
  width,
  decimal: Array(width).fill(false),
  signed: Array(width).fill(false),
  sums: [{ total: width - 1, parts: [...Array(width - 1).keys()] }],
});

describe('splitting digits that ran together', () => {
  it('keeps only cuts whose row total adds up', () => {
    const values = splitReadings(['640020470'], t3Shape()).map((r) => r.values);
    expect(values).toContainEqual([64, 0, 0, 2, 0, 4, 70]);
    for (const v of values) expect(v[6]).toBe(v.slice(0, 6).reduce((a, b) => a! + b!, 0));
  });
  it('never cuts a number with a leading zero', () => {
    for (const r of splitReadings(['1000001'], t3Shape()))
      for (const v of r.values) expect(String(v)).not.toMatch(/^0\d/);
    expect(splitReadings(['1000001'], t3Shape()).map((r) => r.values)).toEqual([[1, 0, 0, 0, 0, 0, 1]]);
  });
  it('reads a space as a boundary or as a stray space, whichever the identities allow', () => {
    expect(splitReadings(['230', '000023'], t3Shape()).map((r) => r.values)).toEqual([[23, 0, 0, 0, 0, 0, 23]]);
    // 14|2|0|0|1|0|17 with a stray space inside 14: both readings hold, so neither may be chosen alone.
    const both = splitReadings(['1', '4200', '10', '17'], t3Shape()).map((r) => r.values);
    expect(both).toContainEqual([14, 2, 0, 0, 1, 0, 17]);
    expect(both).toContainEqual([1, 4, 2, 0, 0, 10, 17]);
  });
  it('allows a minus sign only where the column is signed', () => {
    const shape: RowShape = { width: 3, decimal: [false, false, false], signed: [false, true, false], sums: [] };
    expect(splitReadings(['2648', '-18538'], shape).map((r) => r.values)).toContainEqual([2648, -185, 38]);
    expect(splitReadings(['-5', '3', '2'], shape)).toEqual([]);
  });
});

describe('aligning rows with too few or too many numbers', () => {
  it('fills a missing cell only from an identity', () => {
    const readings = alignReadings([3, 1, 0, 0, 4], t3Shape(6));
    // Six placements; the derived value differs with the placement, so nothing here is chosen yet.
    expect(readings.length).toBeGreaterThan(1);
    expect(readings.every((r) => r.values[5] === r.values.slice(0, 5).reduce((a, b) => a! + b!, 0))).toBe(true);
  });
  it('drops an extra number only when the row still adds up', () => {
    expect(alignReadings([1, 2, 0, 0, 0, 0, 0, 3], t3Shape()).map((r) => r.values)).toContainEqual([
      1, 2, 0, 0, 0, 0, 3,
    ]);
  });
});

describe('choosing among readings with the column identities', () => {
  const ids = identitiesOf('2021').filter((i) => i.table === 't3' && !i.id.startsWith('t3.row.'));
  it('leaves a cell null (ambiguous) when two combinations satisfy every identity', () => {
    const solved = solve(
      [
        {
          keys: ['a', 'b'],
          readings: [
            { values: [1, 2], derived: [false, false] },
            { values: [2, 1], derived: [false, false] },
          ],
        },
      ],
      ids,
    );
    expect(solved.values.get('a')).toBeNull();
    expect(solved.ambiguous.has('a')).toBe(true);
  });
});

describe('identity checks', () => {
  const cell = (value: number | null, state: Cell['state'] = value === null ? 'blank' : 'read'): Cell => ({
    value,
    state,
    line: 1,
  });
  it('fails a table 四 group whose outcomes do not add up, and says the sums', () => {
    const cells: Record<string, Cell> = {};
    for (const g of ['review', 'suit_direct', 'suit_after_review'])
      for (const c of ['upheld', 'corrected', 'other', 'pending', 'total']) cells[`t4.${g}.${c}`] = cell(0);
    cells['t4.review.upheld'] = cell(2);
    cells['t4.review.total'] = cell(3);
    const { checks } = runChecks('2021', cells);
    const review = checks.find((c) => c.id === 't4.review')!;
    expect(review.ok).toBe(false);
    expect(review.detail).toBe('3 = 3; 2+0+0+0 = 2');
    expect(checks.find((c) => c.id === 't4.suit_direct')!.ok).toBe(true);
  });
  it('counts a blank part as 0 but does not test an identity whose total is blank', () => {
    const cells: Record<string, Cell> = {};
    for (const g of ['review', 'suit_direct', 'suit_after_review'])
      for (const c of ['upheld', 'corrected', 'other', 'pending', 'total']) cells[`t4.${g}.${c}`] = cell(null);
    cells['t4.review.upheld'] = cell(5);
    cells['t4.review.total'] = cell(5);
    cells['t4.suit_direct.upheld'] = cell(1);
    const out = runChecks('2021', cells);
    expect(out.checks.map((c) => [c.id, c.ok])).toEqual([['t4.review', true]]);
    expect(out.untestable).toEqual([{ id: 't4.suit_direct' }]);
  });
});

describe('a report that violates its identities', () => {
  // Seed 002 with two numbers changed: 新收 总计 becomes 5 (row sum 0) and 行政复议 总计 becomes 2.
  const text = readFileSync(join(REPORTS, 'seeds/002_9a2759b661843b25.txt'), 'utf8')
    .replace(
      '一、\t本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0',
      '一、\t本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t5',
    )
    .replace(/\n0\t0\t0\t0\t0\t/, '\n0\t0\t0\t0\t2\t');
  const r = parseText(text, 'violated.txt');
  it('keeps the numbers as written', () => {
    expect(t3Row(r, 'new_received')).toEqual([0, 0, 0, 0, 0, 0, 5]);
    expect(r.cells['t4.review.total']).toBe(2);
  });
  it('flags each failing identity and is partial', () => {
    const failed = r.checks
      .filter((c) => !c.ok)
      .map((c) => c.id)
      .sort();
    expect(failed).toEqual(['t3.balance.total', 't3.row.new_received', 't4.review']);
    expect(r.status).toBe('partial');
    expect(r.problems.filter((p) => p.startsWith('identity fails'))).toHaveLength(3);
  });
});
