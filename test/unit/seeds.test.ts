import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellsOf } from '../../src/domain/template.js';
import { parseFile, REPORTS } from '../fixtures/reports.js';

// What each seed says, read off the source files by hand: every table number of these five reports is 0
// except 上犹县 行政规范性文件 现行有效件数 = 3; seed 000's table 三 has no 其他 column.
const SEEDS = [
  {
    file: 'seeds/000_ec614781643437d0.txt',
    title: '凤泉区商务局2024年政府信息公开工作年度报告',
    year: 2024,
    agency: '凤泉区商务局',
    region: '410704',
    noOther: true,
  },
  {
    file: 'seeds/001_a82f3ad4b5aa2a4f.txt',
    title: '区商务局2021年度政府信息公开工作年度报告',
    year: 2021,
    agency: '区商务局',
    region: null,
  },
  {
    file: 'seeds/002_9a2759b661843b25.txt',
    title: '栖霞市商务局2023年政府信息公开工作年度报告',
    year: 2023,
    agency: '栖霞市商务局',
    region: '370686',
  },
  {
    file: 'seeds/003_5ea0b1012152edc8.txt',
    title: '五常市商务局2024年政府信息公开工作年度报告',
    year: 2024,
    agency: '五常市商务局',
    region: '230184',
  },
  {
    file: 'seeds/004_a6ef57ba315dc141.txt',
    title: '上犹县商务局2024年政府信息公开工作年度报告',
    year: 2024,
    agency: '上犹县商务局',
    region: '360724',
    nonZero: { 't2.normative_docs.in_force': 3 },
  },
];

describe.each(SEEDS)('seed $file', (seed) => {
  const r = parseFile(seed.file);

  it('reads title, year, agency, template and region', () => {
    expect(r.title).toBe(seed.title);
    expect(r.year).toBe(seed.year);
    expect(r.agency).toBe(seed.agency);
    expect(r.template).toBe('2021');
    expect(r.region_code).toBe(seed.region);
  });

  it('reads every table number', () => {
    const keys = cellsOf('2021').map((c) => c.key);
    expect(Object.keys(r.cells).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const expected =
        seed.noOther && /^t3\..*\.other_org$/.test(key) ? null : ((seed.nonZero as Record<string, number>)?.[key] ?? 0);
      expect([key, r.cells[key]]).toEqual([key, expected]);
    }
  });

  it('passes every identity and is ok', () => {
    expect(r.checks.length).toBeGreaterThanOrEqual(40);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.status).toBe('ok');
  });
});

describe('seed layouts that need care', () => {
  it('000: the missing 其他 column is absent, and 5-number sub-rows are placed by the row identity', () => {
    const r = parseFile('seeds/000_ec614781643437d0.txt');
    expect(r.cell_states['t3.granted.other_org']).toBe('absent');
    expect(r.cell_states['t3.denied_state_secret.total']).toBe('inferred');
    expect(r.problems.some((p) => p.includes('5 numbers for 6 columns'))).toBe(true);
  });

  it('001: names no region, so region_code is null with a problem saying so', () => {
    const r = parseFile('seeds/001_a82f3ad4b5aa2a4f.txt');
    expect(r.region_code).toBeNull();
    expect(r.problems.some((p) => p.startsWith('region:') && p.includes('区商务局'))).toBe(true);
  });

  it('002: the 总计 row with an extra number and the vertical 本年度办理结束 label still read', () => {
    const r = parseFile('seeds/002_9a2759b661843b25.txt');
    expect(r.cell_states['t3.total_processed.total']).toBe('inferred');
    expect(r.cell_states['t3.denied_process_info.total']).toBe('read');
  });

  it('003: headers one character per line and [bookmark] residue do not disturb the tables', () => {
    const r = parseFile('seeds/003_5ea0b1012152edc8.txt');
    expect(Object.values(r.cell_states).every((s) => s === 'read')).toBe(true);
    expect(r.cell_lines['t4.suit_after_review.total']).toBeGreaterThan(r.cell_lines['t4.review.upheld']!);
  });

  it('every number points at a source line that holds it', () => {
    const r = parseFile('seeds/004_a6ef57ba315dc141.txt');
    const line = r.cell_lines['t2.normative_docs.in_force']!;
    const text = readFileSync(join(REPORTS, 'seeds/004_a6ef57ba315dc141.txt'), 'utf8');
    expect(text.split('\n')[line - 1].trim()).toBe('3');
  });
});
