/**
 * Writing the published tables with DuckDB: rows go in through appenders, out as zstd Parquet sorted by
 * region and year. One thread, so the same input gives the same bytes.
 */
import { DuckDBInstance, LIST, listValue, VARCHAR, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import type { ColumnSpec, TableSchema } from '../domain/dataset.js';

export type Row = Record<string, string | number | boolean | null | string[]>;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function append(appender: DuckDBAppender, col: ColumnSpec, v: Row[string]): void {
  if (v === null || v === undefined) return appender.appendNull();
  switch (col.type) {
    case 'VARCHAR':
      return appender.appendVarchar(String(v));
    case 'INTEGER':
      return appender.appendInteger(Number(v));
    case 'BIGINT':
      return appender.appendBigInt(BigInt(v as number));
    case 'DOUBLE':
      return appender.appendDouble(Number(v));
    case 'BOOLEAN':
      return appender.appendBoolean(Boolean(v));
    case 'VARCHAR[]':
      return appender.appendList(listValue(v as string[]), LIST(VARCHAR));
  }
}

/** An error of DuckDB's, with the start of the statement that raised it: which step of the build failed. */
const failed = (sql: string) => (e: Error) => {
  throw new Error(`${e.message} (in: ${sql.replace(/\s+/g, ' ').trim().slice(0, 120)}…)`, { cause: e });
};

export class ParquetWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** `dbPath`: a scratch database file lets DuckDB spill to disk on national-scale builds. */
  static async open(dbPath = ':memory:'): Promise<ParquetWriter> {
    // A bounded buffer pool: past it DuckDB spills to the scratch file instead of growing with the corpus.
    const instance = await DuckDBInstance.create(
      dbPath,
      dbPath === ':memory:' ? { threads: '1' } : { threads: '1', memory_limit: '1GB' },
    );
    const conn = await instance.connect();
    return new ParquetWriter(instance, conn);
  }

  async create(table: TableSchema): Promise<void> {
    const cols = table.columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ');
    await this.conn.run(`CREATE TABLE ${quote(table.name)} (${cols})`);
  }

  /** An open appender: rows go in one at a time while reports stream from the parsers. */
  async appender(table: TableSchema): Promise<{ add: (row: Row) => void; close: () => void }> {
    const appender = await this.conn.createAppender(table.name);
    return {
      add: (row) => {
        for (const col of table.columns) append(appender, col, row[col.name] ?? null);
        appender.endRow();
      },
      close: () => {
        try {
          appender.closeSync();
        } catch (e) {
          failed(`appending to ${table.name}`)(e as Error);
        }
      },
    };
  }

  async run(sql: string): Promise<void> {
    await this.conn.run(sql).catch(failed(sql));
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.conn.runAndReadAll(sql).catch(failed(sql))).getRowObjectsJson() as Record<string, unknown>[];
  }

  /** `metadata` goes into the file's key-value metadata (the build id: see build-id.ts). */
  async write(
    table: TableSchema,
    dir: string,
    metadata: Record<string, string> = {},
    rowGroupSize = 100_000,
  ): Promise<string> {
    const path = join(dir, table.file);
    const kv = Object.entries(metadata)
      .map(([k, v]) => `${k}: '${v.replace(/'/g, "''")}'`)
      .join(', ');
    await this.run(
      `COPY (SELECT * FROM ${quote(table.name)} ORDER BY ${table.orderBy}) TO '${path.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupSize}${kv ? `, KV_METADATA {${kv}}` : ''})`,
    );
    return path;
  }

  /** The same rows as CSV (UTF-8 with BOM so that spreadsheet programs read the Chinese text right). */
  async writeCsv(table: TableSchema, dir: string): Promise<string> {
    const name = table.file.replace(/\.parquet$/, '.csv');
    const path = join(dir, name);
    // The BOM rides on the first header name, so DuckDB writes the file in one pass (no re-read at national scale).
    const cols = table.columns
      .map((c, i) => {
        const value = c.type === 'VARCHAR[]' ? `array_to_string(${quote(c.name)}, ' | ')` : quote(c.name);
        return `${value} AS ${quote(i === 0 ? `\ufeff${c.name}` : c.name)}`;
      })
      .join(', ');
    await this.run(
      `COPY (SELECT ${cols} FROM ${quote(table.name)} ORDER BY ${table.orderBy}) TO '${path.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`,
    );
    return path;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
