import { describe, expect, it } from 'vitest';
import { parseText } from '../fixtures/reports.js';

describe('a report on one very long line (crawled page text)', () => {
  it('is read to the end: looking ahead of a number never rereads the rest of the line', () => {
    const pieces = Array.from({ length: 60_000 }, (_, i) => ['12', '本年', '0', '5件', '行政许可'][i % 5]);
    const r = parseText(`某局2023年政府信息公开工作年度报告\n${pieces.join(' ')}`);
    expect(r.year).toBe(2023);
    expect(r.agency).toBe('某局');
    expect(r.status).toBe('failed');
    expect(r.problems).toContain('no table could be read');
  });
});
