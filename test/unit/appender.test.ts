import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../src/domain/dataset.js';
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

describe('the Parquet writer’s sort', () => {
  it('a table whose order is unique gives one set of bytes: sorted on every core, by one thread, or by one after every core ran out of memory', async () => {
    const cells = TABLES.find((t) => t.name === 'cells')!;
    expect(cells.orderIsUnique).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-sort-'));
    const heard: string[] = [];
    const writer = await ParquetWriter.open(join(dir, 'scratch.duckdb'), (line) => heard.push(line));
    try {
      await writer.create(cells);
      // Enough rows in a shuffled order for DuckDB to sort them in several tasks (it splits by ~122,880 rows).
      await writer.run(`
        INSERT INTO cells SELECT
          printf('%016x', hash(i // 200)), CASE WHEN i % 997 = 0 THEN NULL ELSE printf('%06d', 110000 + (i // 200) % 3000) END,
          2019 + (i // 200) % 7, 't3.k' || (i % 200), CASE WHEN i % 13 = 0 THEN NULL ELSE i % 1000 END, 'read', i % 90
        FROM range(600000) r(i) ORDER BY hash(i * 7919)`);
      await writer.startWriting();
      const parallel = await writer.write(cells, join(dir, 'parallel.parquet'));
      const oneThread = await writer.write({ ...cells, orderIsUnique: undefined }, join(dir, 'one-thread.parquet'));
      expect(readFileSync(parallel).equals(readFileSync(oneThread))).toBe(true);
      const [unplaced] = await writer.rows(
        `SELECT count(*) AS n FROM read_parquet('${parallel}') WHERE region_code IS NULL`,
      );
      expect(Number(unplaced.n)).toBeGreaterThan(0);
      // A sort on every core that runs out of the pool (as the national reports table's did) is run again by
      // one thread, to the same bytes.
      const run = writer.run.bind(writer);
      const threadsOfSorts: string[] = [];
      writer.run = async (sql: string) => {
        if (sql.startsWith('CREATE OR REPLACE TABLE "sorted_')) {
          threadsOfSorts.push(String((await writer.rows(`SELECT current_setting('threads') AS t`))[0].t));
          if (threadsOfSorts.length === 1)
            throw new Error('Out of Memory Error: failed to pin block of size 256.0 KiB (572.1 MiB/572.2 MiB used)');
        }
        return run(sql);
      };
      const retried = await writer.write(cells, join(dir, 'retried.parquet'));
      expect(threadsOfSorts).toEqual([String(cpus().length), '1']);
      expect(heard).toEqual(['cells: its sort on every core ran out of memory; sorting again on one thread']);
      expect(readFileSync(retried).equals(readFileSync(parallel))).toBe(true);
      // Any other failure is the build's, not retried.
      threadsOfSorts.length = 0;
      writer.run = async (sql: string) => {
        if (sql.startsWith('CREATE OR REPLACE TABLE "sorted_')) throw new Error('Binder Error: no such column');
        return run(sql);
      };
      await expect(writer.write(cells, join(dir, 'failed.parquet'))).rejects.toThrow(/Binder Error/);
    } finally {
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
