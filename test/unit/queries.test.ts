import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { columnIdentifier } from '../../src/domain/dataset.js';
import { displaySql, exploreQuery } from '../../src/domain/queries.js';

/** A tiny `reports` table with the columns the built queries read, to run them for real. */
async function reports() {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  await conn.run(`CREATE TABLE reports AS SELECT * FROM (VALUES
    (2023, true, '320000', '320800', NULL, 'aaaaaaaaaaaa', 'ok', 0, 10.0, 'x', '320800', '淮安市'),
    (2024, true, '320000', '320800', NULL, 'aaaaaaaaaaaa', 'partial', 1, 12.0, 'x', '320800', '淮安市'),
    (2024, false, '320000', '320800', NULL, 'aaaaaaaaaaaa', 'ok', 0, 99.0, 'x', '320800', '淮安市'),
    (2024, true, '350000', '350100', '350128', 'bbbbbbbbbbbb', 'ok', 0, 5.0, 'y', '350128', '平潭县')
  ) t(year, is_primary, province_code, city_code, county_code, agency_id, status, checks_failed, t3_new_received_total, agency, region_code, region_name)`);
  // DuckDB in Node numbers its placeholders ($1, $2…) where DuckDB-WASM takes `?`.
  return async (sql: string, params: (string | number | boolean | null)[]) => {
    let k = 0;
    const numbered = sql.replace(/\?/g, () => `$${++k}`);
    return (await conn.runAndReadAll(numbered, params)).getRowObjectsJson() as Record<string, unknown>[];
  };
}

describe('queries the browser builds', () => {
  it('bind every value; only allow-listed identifiers reach the SQL text', () => {
    expect(() => columnIdentifier('agency_id; DROP TABLE reports')).toThrow(/not a column/);
    const e = exploreQuery({ metric: 'nope', group: 'password', province: "x'", status: 'ok' });
    expect(e.sql).toMatch(/^SELECT year,/);
    expect(e.sql).not.toContain("x'");
    expect(e.params).toEqual(["x'", 'ok']);
  });

  it('explore: grouped by county with a year filter, shown as SQL a reader can paste', async () => {
    const run = await reports();
    const q = exploreQuery({ metric: 'requests_new', group: 'county_code', years: { from: 2024 } });
    const rows = await run(q.sql, q.params);
    expect(rows.map((r) => [r.county_code, r.name, Number(r.requests_new)])).toEqual([
      ['350128', '平潭县', 5],
      [null, null, 12],
    ]);
    expect(displaySql(exploreQuery({ province: "3'20000", years: { from: 2020 } }))).toContain(
      "province_code = '3''20000' AND year >= 2020",
    );
  });
});
