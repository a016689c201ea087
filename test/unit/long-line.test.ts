import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pooled } from '../../src/pipeline/pool.js';
import { ALL_CELL_KEYS } from '../../src/domain/template.js';
import { wideValues, type ReportRecord } from '../../src/pipeline/records.js';
import { parseText, REPORTS } from '../fixtures/reports.js';

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

describe('files shaped to stall a tokenizer', () => {
  it('a 1 MB single line and a million-line file both end within the per-file limit of the pool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-lines-'));
    const report = readFileSync(join(REPORTS, 'corpus/raw/js_huaian_2024_szf.pdf.layout.txt'), 'utf8');
    const words = report.split(/\s+/).filter(Boolean);
    const oneLine = Array.from({ length: Math.ceil(1_050_000 / report.length) }, () => words.join(' ')).join(' ');
    writeFileSync(join(dir, 'one-line.txt'), oneLine);
    writeFileSync(
      join(dir, 'million.txt'),
      Array.from({ length: 1_000_000 }, (_, i) => words[i % words.length]).join('\n'),
    );
    expect(Buffer.byteLength(oneLine)).toBeGreaterThan(1_000_000);
    expect(oneLine).not.toContain('\n');
    const jobs = ['one-line.txt', 'million.txt'].map((f) => ({ path: f, absolute: join(dir, f) }));
    const got: ReportRecord[] = [];
    for await (const { index, record } of pooled(jobs, 2, 60_000)) got[index] = record;
    // Each is read to a verdict, not stopped by the limit: the text's tables are found in both.
    for (const { row, cells } of got) {
      expect((row.problems as string[]).join(' ')).not.toMatch(/parse stopped/);
      expect(row.year).toBe(2024);
      expect(wideValues(cells)[ALL_CELL_KEYS.indexOf('t3.new_received.total')]).toBe(3119);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
