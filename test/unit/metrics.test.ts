import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { wideColumn } from '../../src/domain/dataset.js';
import { metricById } from '../../src/domain/metrics.js';

describe('a figure summed from amounts with decimals', () => {
  it('is the amounts’ sum, without the noise of adding binary fractions', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const amounts = `(VALUES (0.1::DOUBLE), (0.2::DOUBLE), (NULL)) t(${wideColumn('t2.fees.amount_10k_yuan')})`;
    const sum = async (sql: string) => (await conn.runAndReadAll(`SELECT ${sql} FROM ${amounts}`)).getRows()[0][0];
    // What the figure would be unrounded: the noise a chart's data and a download would carry.
    expect(await sum(`sum(${wideColumn('t2.fees.amount_10k_yuan')})`)).toBe(0.30000000000000004);
    expect(await sum(metricById('fees')!.sql)).toBe(0.3);
    conn.closeSync();
  });
});
