import { describe, expect, it } from 'vitest';
import { ParquetWriter } from '../../src/pipeline/parquet.js';

describe('the Parquet writer’s appenders', () => {
  it('keep every value, null and list of rows spanning full chunks and a partial last one', async () => {
    const writer = await ParquetWriter.open();
    try {
      await writer.run(
        `CREATE TABLE t (i INTEGER, s VARCHAR, d DOUBLE, b BOOLEAN, n BIGINT, l VARCHAR[], k SMALLINT, x TINYINT)`,
      );
      const rows = Array.from({ length: 5000 }, (_, i) => [
        i,
        i % 3 ? `s${i}` : null,
        i % 5 ? i / 4 : null,
        i % 2 === 0,
        i % 7 ? BigInt(i) * 1_000_000_007n : i, // a BIGINT given as a bigint or as a number
        i % 4 ? Array.from({ length: i % 4 }, (_, j) => `v${i}.${j}`) : null,
        i % 300,
        i % 11 ? (i % 100) - 50 : null,
      ]);
      const t = await writer.appender('t');
      for (const r of rows) t.addValues(r as never);
      t.close();
      const back = await writer.rows(`SELECT * FROM t ORDER BY i`);
      expect(back.length).toBe(5000);
      const asJson = (r: unknown[]) => ({
        i: r[0],
        s: r[1],
        d: r[2],
        b: r[3],
        n: r[4] === null ? null : String(r[4]),
        l: r[5],
        k: r[6],
        x: r[7],
      });
      expect(back).toEqual(rows.map(asJson));
    } finally {
      writer.close();
    }
  });
});
