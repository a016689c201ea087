/**
 * Writing the published tables with DuckDB: rows go in through appenders, out as zstd Parquet sorted by
 * region and year. Written by one thread, so the same input gives the same bytes.
 */
import { cpus } from 'node:os';
import duckdb from '@duckdb/node-bindings';
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTypeId,
  DuckDBVector,
  JSToDuckDBValueConverter,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { ColumnSpec, TableSchema } from '../domain/dataset.js';

export type Row = Record<string, string | number | boolean | null | string[]>;

export interface TableAppender {
  add: (row: Row) => void;
  addValues: (values: readonly JSValue[]) => void;
  close: () => void;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A row's value as the JavaScript type the column's DuckDB type is written from. */
export function jsValue(col: ColumnSpec, v: Row[string] | undefined): JSValue {
  if (v === null || v === undefined) return null;
  switch (col.type) {
    case 'VARCHAR':
      return String(v);
    case 'INTEGER':
    case 'DOUBLE':
      return Number(v);
    case 'BIGINT':
      return BigInt(v as number);
    case 'BOOLEAN':
      return Boolean(v);
    case 'VARCHAR[]':
      return v as string[];
  }
}
export type JSValue = string | number | bigint | boolean | string[] | null;

/** An error of DuckDB's, with the start of the statement that raised it: which step of the build failed. */
const failed = (sql: string) => (e: Error) => {
  throw new Error(`${e.message} (in: ${sql.replace(/\s+/g, ' ').trim().slice(0, 120)}…)`, { cause: e });
};

/**
 * DuckDB's buffer pool. Raised to 2.5 GB once the parsers were gone, the national reports table (a million rows of
 * 266 columns) sorted in 21 s instead of 111–121 s, to the same bytes, but an incremental national build's process
 * reached 5.6 GB against 4.9 GB within 1 GB, both over the 4 GB a national build may take (measured 2026-12-06,
 * before that table was sorted into a table of its own: see write).
 */
const BUFFER_POOL = '1GB';
/**
 * The buffer pool while the files are written, one sort at a time. Within the full 1 GB, a rebuild of the national
 * data reached 4.06–4.13 GB: each sort filled the pool beside what the build's process already held (the reports
 * table's sorted copy, then a province's cells). Within 600 MB: ~3.3 GB, and the sorts took as long (the reports
 * table 35 s instead of 34, a province's 13.9 million cells 15.9 s instead of 16.0). The copy of the sorted
 * reports to Parquet gets the full pool back: within 600 MB it took 122 s, its row groups of 266 columns
 * squeezed (2026-12-06).
 */
const WRITING_POOL = '600MB';
/** A table this wide or wider is sorted before it is written, not as it is written (see write). */
const WIDE_COLUMNS = 100;

export class ParquetWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly bounded: boolean,
    private readonly log: (line: string) => void,
  ) {}

  /** The buffer pool as the build's current stage has it (see startWriting). */
  private pool = BUFFER_POOL;

  /**
   * `dbPath`: a scratch database file lets DuckDB spill to disk on national-scale builds. `log` hears what the
   * writer had to do differently (a sort run again by one thread).
   */
  static async open(dbPath = ':memory:', log: (line: string) => void = () => {}): Promise<ParquetWriter> {
    // A bounded buffer pool: past it DuckDB spills to the scratch file instead of growing with the corpus.
    const instance = await DuckDBInstance.create(
      dbPath,
      dbPath === ':memory:' ? { threads: '1' } : { threads: '1', memory_limit: BUFFER_POOL },
    );
    const conn = await instance.connect();
    return new ParquetWriter(instance, conn, dbPath !== ':memory:', log);
  }

  async create(table: TableSchema): Promise<void> {
    const cols = table.columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ');
    await this.conn.run(`CREATE TABLE ${quote(table.name)} (${cols})`);
  }

  /**
   * An open appender: rows go in while reports stream from the parsers, a data chunk (2,048 rows) at a time —
   * one call into DuckDB per column and chunk instead of one per value. `addValues` takes a row already in
   * column order (and of the columns' JavaScript types), `add` a row by column name (a table given by its schema).
   */
  async appender(table: TableSchema | string): Promise<TableAppender> {
    const name = typeof table === 'string' ? table : table.name;
    const columns = typeof table === 'string' ? [] : table.columns;
    const chunks = new ChunkWriter(await this.conn.createAppender(name));
    const onError = failed(`appending to ${name}`);
    return {
      add: (row) => chunks.appendRow(columns.map((col) => jsValue(col, row[col.name]))),
      addValues: (values) => chunks.appendRow(values),
      close: () => {
        try {
          chunks.close();
        } catch (e) {
          onError(e as Error);
        }
      },
    };
  }

  /**
   * From here on the files are written: by one thread, so that the same rows always give the same bytes (written
   * by two, the 200 million national cells took 96 s instead of ~300 s, but two runs gave two different files),
   * within a smaller pool (WRITING_POOL).
   */
  async startWriting(): Promise<void> {
    await this.run(`SET threads = 1`);
    this.pool = WRITING_POOL;
    await this.setPool(this.pool);
  }

  /** The buffer pool's size, for a database on disk (an in-memory one is not bounded: it has no file to spill to). */
  private async setPool(size: string): Promise<void> {
    if (this.bounded) await this.run(`SET memory_limit = '${size}'`);
  }

  /** The DuckDB release writing the files (same rows, same release: same bytes). */
  async version(): Promise<string> {
    return String((await this.rows(`SELECT version() AS v`))[0].v);
  }

  async run(sql: string): Promise<void> {
    await this.conn.run(sql).catch(failed(sql));
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.conn.runAndReadAll(sql).catch(failed(sql))).getRowObjectsJson() as Record<string, unknown>[];
  }

  /**
   * Runs `sql`, a statement that sorts `table`'s rows, on every core when the table's order is unique (the rows
   * it fills are the same whatever the threads did), else on the one thread the build writes with. Each thread's
   * sort pins blocks of its own: the national reports table (266 columns) sorted by two threads within 600 MB
   * ran out of it, once in a rebuild and once alone, while by one it spills and finishes (37 s instead of 26 s
   * within 1 GB by two; the same bytes). A statement that ran out of memory failed whole, so it is run again by one.
   */
  async sortOnEveryCore(table: TableSchema, sql: string): Promise<void> {
    if (!table.orderIsUnique) return this.run(sql);
    try {
      await this.onThreads(cpus().length, sql);
    } catch (e) {
      if (!/Out of Memory/i.test((e as Error).message)) throw e;
      this.log(`${table.name}: its sort on every core ran out of memory; sorting again on one thread`);
      await this.onThreads(1, sql);
    }
  }

  /** `work` (a statement, or a function) run on `threads` threads, then the threads set back as they were. */
  async onThreads<T = void>(threads: number, work: string | (() => Promise<T>)): Promise<T> {
    const [{ was }] = await this.rows(`SELECT current_setting('threads') AS was`);
    await this.run(`SET threads = ${threads}`);
    try {
      return typeof work === 'string' ? ((await this.run(work)) as T) : await work();
    } finally {
      await this.run(`SET threads = ${Number(was)}`);
    }
  }

  /**
   * The table's rows (those `where` picks: a part's) sorted into a Parquet file at `path`; `metadata` goes into
   * its key-value metadata (the build id: see build-id.ts). `inOrder`: the build keeps the table's rows in its
   * order as it fills it (the reports table: see report-order.ts), so they are copied as they are, no sort.
   * Otherwise a wide table, or one whose order is unique (`orderIsUnique`), is sorted into a table of the scratch
   * database first and copied from it in insertion order, which one thread keeps: the same bytes as one
   * `COPY (… ORDER BY …)`, but that statement spills a sort of wide rows far more slowly (the national reports
   * table measured alone within 1 GB: 31 s, sort 22 s and copy 9 s, against 99 s), and a table whose order is
   * unique is sorted by every core (a province's 13.9 million cells: 11 s, sort 9 s and copy 2 s, against 15 s in
   * one statement on one thread, to the same bytes; 2026-12-07). A long narrow one whose order is not unique is
   * faster in one statement.
   */
  async write(
    table: TableSchema,
    path: string,
    metadata: Record<string, string> = {},
    { where = 'true', inOrder = false }: { where?: string; inOrder?: boolean } = {},
  ): Promise<string> {
    const kv = Object.entries(metadata)
      .map(([k, v]) => `${k}: '${v.replace(/'/g, "''")}'`)
      .join(', ');
    const copy = (rows: string) =>
      this.run(
        `COPY (${rows}) TO '${path.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000${kv ? `, KV_METADATA {${kv}}` : ''})`,
      );
    const wide = table.columns.length >= WIDE_COLUMNS;
    // A wide table's copy gets the full pool, whatever the sort had (startWriting's smaller one, during a build):
    // within 600 MB the national reports table's copy took 122 s, its row groups of 266 columns squeezed.
    const copyWide = async (rows: string) => {
      await this.setPool(BUFFER_POOL);
      try {
        await copy(rows);
      } finally {
        await this.setPool(this.pool);
      }
    };
    if (inOrder) {
      await (wide ? copyWide : copy)(`SELECT * FROM ${quote(table.name)} WHERE ${where}`);
      return path;
    }
    const rows = `SELECT * FROM ${quote(table.name)} WHERE ${where} ORDER BY ${table.orderBy}`;
    if (!wide && !table.orderIsUnique) {
      await copy(rows);
      return path;
    }
    const sorted = quote(`sorted_${table.name}`);
    await this.sortOnEveryCore(table, `CREATE OR REPLACE TABLE ${sorted} AS ${rows}`);
    try {
      await (wide ? copyWide : copy)(`SELECT * FROM ${sorted}`);
    } finally {
      await this.run(`DROP TABLE ${sorted}`);
    }
    return path;
  }

  /** The same rows as CSV (UTF-8 with BOM so that spreadsheet programs read the Chinese text right). */
  async writeCsv(table: TableSchema, path: string, where = 'true'): Promise<string> {
    // The BOM rides on the first header name, so DuckDB writes the file in one pass (no re-read at national scale).
    const cols = table.columns
      .map((c, i) => {
        const value = c.type === 'VARCHAR[]' ? `array_to_string(${quote(c.name)}, ' | ')` : quote(c.name);
        return `${value} AS ${quote(i === 0 ? `\ufeff${c.name}` : c.name)}`;
      })
      .join(', ');
    await this.run(
      `COPY (SELECT ${cols} FROM ${quote(table.name)} WHERE ${where} ORDER BY ${table.orderBy}) TO '${path.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`,
    );
    return path;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Types whose vectors take the JavaScript value as it is. The others go through the library's converter: a list
 * into DuckDB's list value, a BIGINT from a number or a bigint alike (its vector takes only a bigint).
 */
const TAKEN_AS_IS = new Set<DuckDBTypeId>([DuckDBTypeId.VARCHAR, DuckDBTypeId.BOOLEAN]);

type Numbers = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Int16Array<ArrayBuffer> | Int8Array<ArrayBuffer>;
/** Number columns, written by the chunk writer itself: the typed array a column's values are kept in. */
const NUMBERS: Partial<Record<DuckDBTypeId, new (length: number) => Numbers>> = {
  [DuckDBTypeId.DOUBLE]: Float64Array,
  [DuckDBTypeId.INTEGER]: Int32Array,
  [DuckDBTypeId.SMALLINT]: Int16Array,
  [DuckDBTypeId.TINYINT]: Int8Array,
};

/**
 * A number column of a chunk: its values, and which are null as DuckDB's validity mask has it (bit i of the
 * mask, little-endian, is row i), kept as 32-bit words.
 */
interface NumberColumn {
  values: Numbers;
  valid: Uint32Array<ArrayBuffer>;
  anyNull: boolean;
}

/**
 * Rows written straight into a data chunk's vectors, a chunk (2,048 rows) at a time, then appended. The library's
 * DuckDBDataChunkWriter copies every row into an array of rows and converts each value on its way into the
 * vector: a national build appends ~1,500 values a report on the thread every report passes through, and that
 * thread's time is taken from the parsers on a two-core machine. Number columns (all but a few of those values:
 * the wide cell columns, the staged cells) skip the library's vectors too: these keep their validity mask as
 * 64-bit BigInts, and every value set in a vector that holds a null, as most cell columns do, cost BigInt
 * arithmetic. Here a number is a typed-array store, a null one bit cleared, and each column is copied into its
 * vector once a chunk.
 */
class ChunkWriter {
  private readonly types: DuckDBType[];
  private readonly asIs: boolean[];
  /** Per column: its own arrays if it holds numbers, else null (the value goes through the library's vector). */
  private readonly numbers: (NumberColumn | null)[];
  private chunk!: DuckDBDataChunk;
  private vectors!: (DuckDBVector | null)[];
  private row = 0;
  private readonly size = DuckDBVector.standardSize();

  constructor(private readonly appender: DuckDBAppender) {
    this.types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
    this.asIs = this.types.map((t) => TAKEN_AS_IS.has(t.typeId));
    this.numbers = this.types.map((t) => {
      const Values = NUMBERS[t.typeId];
      return Values
        ? { values: new Values(this.size), valid: new Uint32Array(this.size / 32).fill(0xffffffff), anyNull: false }
        : null;
    });
    this.fresh();
  }

  private fresh(): void {
    this.chunk = DuckDBDataChunk.create(this.types, this.size);
    this.vectors = this.types.map((_, i) => (this.numbers[i] ? null : this.chunk.getColumnVector(i)));
    this.row = 0;
  }

  appendRow(values: readonly JSValue[]): void {
    if (values.length !== this.types.length)
      throw new Error(`${values.length} values for ${this.types.length} columns`);
    const row = this.row;
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      const column = this.numbers[c];
      if (column) {
        if (v === null) {
          column.valid[row >>> 5] &= ~(1 << (row & 31));
          column.anyNull = true;
        } else column.values[row] = v as number;
      } else
        this.vectors[c]!.setItem(
          row,
          v === null || this.asIs[c]
            ? (v as DuckDBValue)
            : JSToDuckDBValueConverter(v, this.types[c], JSToDuckDBValueConverter),
        );
    }
    if (++this.row === this.size) this.flush();
  }

  private flush(): void {
    if (!this.row) return;
    // The rows of a last, partial chunk that were never written are null: a list vector reads every row's entry
    // as it flushes, and an unwritten one is whatever the chunk's memory held.
    for (const v of this.vectors) if (v) for (let r = this.row; r < this.size; r++) v.setItem(r, null);
    for (const v of this.vectors) v?.flush();
    this.numbers.forEach((column, c) => {
      if (!column) return;
      const vector = duckdb.data_chunk_get_vector(this.chunk.chunk, c);
      const { values, valid } = column;
      duckdb.copy_data_to_vector(vector, 0, values.buffer, 0, this.row * values.BYTES_PER_ELEMENT);
      if (column.anyNull) {
        duckdb.vector_ensure_validity_writable(vector);
        duckdb.copy_data_to_vector_validity(vector, 0, valid.buffer, 0, Math.ceil(this.row / 64) * 8);
        valid.fill(0xffffffff);
        column.anyNull = false;
      }
    });
    // Set after the vectors are flushed: a new row count drops the chunk's vector objects.
    if (this.row < this.size) this.chunk.rowCount = this.row;
    this.appender.appendDataChunk(this.chunk);
    this.fresh();
  }

  close(): void {
    this.flush();
    this.appender.closeSync();
  }
}
