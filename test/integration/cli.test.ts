import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../fixtures/reports.js';

const gongkai = (...args: string[]) =>
  spawnSync('npx', ['--no-install', 'gongkai', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('npx gongkai parse (report-contract.md)', () => {
  const files = [
    'data/reports/seeds/002_9a2759b661843b25.txt',
    'data/reports/corpus/raw/sh_shanghai_2019_szfbgt.html',
    'package.json',
  ];
  const run = gongkai('parse', ...files);
  const lines = run.stdout.trim().split('\n');

  it('prints one JSON object per file, in input order, and exits 0 even for a file that is no report', () => {
    expect(run.status).toBe(0);
    expect(lines).toHaveLength(3);
    const objs = lines.map((l) => JSON.parse(l));
    expect(objs.map((o) => o.file)).toEqual(files);
    expect(objs.map((o) => o.status)).toEqual(['ok', 'ok', 'failed']);
  });

  it('has every contract key with its type', () => {
    const o = JSON.parse(lines[0]);
    expect(o.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(ROOT, files[0])))
        .digest('hex'),
    );
    expect(o).toMatchObject({
      title: '栖霞市商务局2023年政府信息公开工作年度报告',
      year: 2023,
      agency: '栖霞市商务局',
      region_code: '370686',
      template: '2021',
    });
    expect(o.cells['t3.new_received.total']).toBe(0);
    expect(o.checks[0]).toEqual({ id: expect.any(String), ok: expect.any(Boolean), detail: expect.any(String) });
    expect(Array.isArray(o.problems)).toBe(true);
  });

  it('exits non-zero for misuse: no such file, unknown flag, no command', () => {
    expect(gongkai('parse', 'no/such/file.txt').status).not.toBe(0);
    expect(gongkai('parse', '--frobnicate', files[0]).status).not.toBe(0);
    expect(gongkai().status).not.toBe(0);
    expect(gongkai('parse', 'no/such/file.txt').stdout).toBe('');
  });
});
