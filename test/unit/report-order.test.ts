import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParquetWriter } from '../../src/pipeline/parquet.js';
import { PARSED, REPORTS, ROW_GROUP_ROWS, fillReports, wholeRowGroups } from '../../src/pipeline/report-order.js';

describe('the reports table filled in order', () => {
  // Rows of six parts (the unplaced among them) in a scrambled order, over two row groups and a part of a third:
  // a province in the middle lies across a block's end. The published ones are sorted into a Parquet file, as a
  // build publishes them.
  const ROWS = 2 * ROW_GROUP_ROWS + 30_000;
  const rowsSql = `SELECT printf('%016x', hash(i)) AS report_id,
      CASE WHEN i % 6 = 5 THEN NULL ELSE ['11', '32', '35', '37', '65'][1 + i % 6] || printf('%04d', i % 97) END AS region_code,
      2019 + i % 7 AS year, 'body' || (i % 13) AS agency, 'f' || i || '.txt' AS file, i % 50 AS t2_regulations_made
    FROM range(${ROWS}) r(i) ORDER BY hash(i * 7919)`;

  it.each([
    ['one province in the middle changed', `left(region_code, 2) = '35'`],
    [
      'a few reports here and there, the unplaced among them',
      `regexp_extract(file, '\\d+')::INTEGER % 20011 IN (0, 5)`,
    ],
    ['nothing changed', 'false'],
  ])('%s: copied as it was filled, the table gives the bytes of the whole table sorted', async (_, parsedWhere) => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-order-'));
    const heard: string[] = [];
    const writer = await ParquetWriter.open(join(dir, 'scratch.duckdb'));
    try {
      await writer.run(`SET threads = 2`);
      await writer.create(REPORTS);
      await writer.run(`CREATE TABLE ${PARSED} AS FROM reports LIMIT 0`);
      await writer.run(`CREATE TABLE everything AS ${rowsSql}`);
      const parsed = `coalesce(${parsedWhere}, false)`;
      await writer.run(`INSERT INTO ${PARSED} BY NAME SELECT * FROM everything WHERE ${parsed}`);
      const published = join(dir, 'published.parquet');
      await writer.run(
        `COPY (SELECT * FROM everything WHERE NOT ${parsed} ORDER BY ${REPORTS.orderBy}) TO '${published}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`,
      );
      await fillReports(writer, `SELECT * FROM read_parquet('${published}')`, (s) => heard.push(s));
      expect(heard).toEqual([]);
      expect(await wholeRowGroups(writer)).toBe(true);
      await writer.startWriting();
      const filled = await writer.write(REPORTS, join(dir, 'filled.parquet'), {}, { inOrder: true });
      const sorted = await writer.write(REPORTS, join(dir, 'sorted.parquet'));
      const [{ n }] = await writer.rows(`SELECT count(*) AS n FROM read_parquet('${filled}')`);
      expect(Number(n)).toBe(ROWS);
      expect(readFileSync(filled).equals(readFileSync(sorted))).toBe(true);
    } finally {
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a table filled in short statements is sorted again, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-order-'));
    const writer = await ParquetWriter.open(join(dir, 'scratch.duckdb'));
    const heard: string[] = [];
    try {
      await writer.create(REPORTS);
      await writer.run(`CREATE TABLE ${PARSED} AS FROM reports LIMIT 0`);
      // Rows already in the table, a row group cut short: as a DuckDB that fills tables otherwise would leave it.
      await writer.run(`INSERT INTO reports BY NAME SELECT * FROM (${rowsSql}) LIMIT 1000`);
      await writer.run(`INSERT INTO reports BY NAME SELECT * FROM (${rowsSql}) OFFSET 1000`);
      expect(await wholeRowGroups(writer)).toBe(false);
      await fillReports(writer, undefined, (s) => heard.push(s));
      expect(heard).toEqual(["reports: the table's row groups came out cut short; sorting it again"]);
      expect(await wholeRowGroups(writer)).toBe(true);
    } finally {
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
