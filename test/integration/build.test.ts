import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildData, type BuildResult } from '../../src/pipeline/build.js';
import { listInputs } from '../../src/pipeline/corpus.js';
import { REPORTS } from '../fixtures/reports.js';

let out: string;
let result: BuildResult;
let query: (sql: string) => Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'gongkai-build-'));
  result = await buildData({ reportsDir: REPORTS, outDir: out });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  query = async (sql) =>
    (await conn.runAndReadAll(sql.replace(/\{out\}/g, out))).getRowObjectsJson() as Record<string, unknown>[];
});

describe('npm run build:data on the seeds and corpus', () => {
  it('accounts for every input file, once', async () => {
    const inputs = listInputs(REPORTS);
    const rows = await query(`SELECT file FROM '{out}/reports.parquet' ORDER BY file`);
    expect(rows.map((r) => r.file)).toEqual(inputs.map((i) => i.path).sort());
    expect(result.summary.inputs).toBe(inputs.length);
    expect(result.summary.status.ok + result.summary.status.partial + result.summary.status.failed).toBe(inputs.length);
  });

  it('淮安 2024 total new requests is 3119, counted once though three files (the PDF and two text forms) hold the report', async () => {
    const rows = await query(
      `SELECT file, is_primary, t3_new_received_total AS n FROM '{out}/reports.parquet' WHERE region_code = '320800' AND year = 2024 ORDER BY file`,
    );
    expect(rows).toEqual([
      { file: 'corpus/raw/js_huaian_2024_szf.pdf', is_primary: false, n: 3119 },
      { file: 'corpus/raw/js_huaian_2024_szf.pdf.layout.txt', is_primary: true, n: 3119 },
      { file: 'corpus/raw/js_huaian_2024_szf.pdf.raw.txt', is_primary: false, n: 3119 },
    ]);
    const [sum] = await query(
      `SELECT sum(t3_new_received_total) AS n FROM '{out}/reports.parquet' WHERE is_primary AND year = 2024 AND province_code = '320000'`,
    );
    expect(Number(sum.n)).toBe(3119);
  });

  it('keeps blanks as nulls and provenance per cell in the long table', async () => {
    const rows = await query(
      `SELECT c.key, c.value, c.state, c.source_line FROM '{out}/cells.parquet' c JOIN '{out}/reports.parquet' r USING (report_id)
       WHERE r.file = 'corpus/raw/sh_shanghai_2019_szfbgt.html' AND c.key IN ('t3.granted.total', 't3.granted.natural_person') ORDER BY c.key`,
    );
    expect(rows).toEqual([
      { key: 't3.granted.natural_person', value: 258, state: 'read', source_line: 4 },
      { key: 't3.granted.total', value: null, state: 'blank', source_line: 4 },
    ]);
  });

  it('records identity checks, and the reports that fail them', async () => {
    const rows = await query(
      `SELECT r.file, k.check_id FROM '{out}/checks.parquet' k JOIN '{out}/reports.parquet' r USING (report_id) WHERE NOT k.ok AND r.file LIKE 'corpus/%' ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { file: 'corpus/raw/fj_pingtan_2020_gwh.txt', check_id: 't3.results.natural_person' },
      { file: 'corpus/raw/fj_pingtan_2020_gwh.txt', check_id: 't3.results.total' },
    ]);
  });

  it('sorts by region and year, and names the region hierarchy', async () => {
    const rows = await query(
      `SELECT region_code, year, province_code, city_code, county_code FROM '{out}/reports.parquet' WHERE region_code IS NOT NULL`,
    );
    const keys = rows.map((r) => `${r.region_code}-${r.year}`);
    expect(keys).toEqual([...keys].sort());
    expect(rows.find((r) => r.region_code === '370686')).toMatchObject({
      province_code: '370000',
      city_code: '370600',
      county_code: '370686',
    });
  });

  it('seed 001 is in the data with a null region and its reason', async () => {
    const [r] = await query(
      `SELECT region_code, status, problems FROM '{out}/reports.parquet' WHERE file = 'seeds/001_a82f3ad4b5aa2a4f.txt'`,
    );
    expect(r.region_code).toBeNull();
    expect(r.status).toBe('ok');
    expect((r.problems as string[]).some((p) => p.startsWith('region:'))).toBe(true);
  });

  it('same input gives byte-identical Parquet', async () => {
    const again = mkdtempSync(join(tmpdir(), 'gongkai-build-'));
    await buildData({ reportsDir: REPORTS, outDir: again });
    for (const f of ['reports.parquet', 'cells.parquet', 'checks.parquet'])
      expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f)))).toBe(true);
  });

  it('writes a build summary that explains partial and failed reports', () => {
    const text = readFileSync(join(out, 'build-summary.txt'), 'utf8');
    expect(text).toMatch(/input files → \d+ ok, \d+ partial, \d+ failed/);
    expect(text).toContain('seeds/001_a82f3ad4b5aa2a4f.txt');
    expect(result.summary.reasons.length).toBeGreaterThan(0);
  });
});
