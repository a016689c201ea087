/**
 * The in-browser query engine, behind one small module so it can be upgraded in one place.
 *
 * DuckDB-WASM 1.28.0 (DuckDB 0.9.1) is pinned on purpose: it has the Parquet reader built in. Releases from
 * 1.29 on download `parquet.duckdb_extension.wasm` from DuckDB's extension host at the first read_parquet,
 * which fails offline and for many readers in China (see ../shared/notes/stack.md). Every file it needs —
 * the wasm bundles, the workers and the Parquet data — is served from this site's own origin, and autoloading
 * of extensions is switched off.
 *
 * No query can reach another host, whatever SQL it is: the engine's worker is started from a `blob:` wrapper,
 * so it runs under the page's Content-Security-Policy (`connect-src 'self'`), which the browser enforces on
 * every request DuckDB makes. A worker loaded from its own URL would not inherit the page's policy. The SQL box's
 * guard (`readOnly`) is a second fence, not the only one.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { asyncBufferFromUrl, parquetMetadataAsync } from 'hyparquet';
import { BUILD_KEY, TABLES, partFile, type TableSchema } from '../domain/dataset';
import type { Param } from '../domain/queries';
import { msg, renderMessage, type Message } from '../domain/messages';

export type Row = Record<string, unknown>;

export interface QueryResult {
  columns: string[];
  rows: Row[];
  ms: number;
}

/** The published tables the engine knows by name. */
export const TABLE_NAMES = ['reports', 'cells', 'checks'] as const;
const QUERIED = TABLES.filter((t) => (TABLE_NAMES as readonly string[]).includes(t.name));

/** Where the data is: the site's base path, and the parts the long tables are published in (domain/dataset.ts). */
export interface DataSource {
  base: string;
  parts: string[];
}

/** Each queried table's files under the data folder. */
const filesOf = (table: TableSchema, parts: string[]): string[] =>
  table.partitioned ? parts.map((p) => partFile(table, p)) : [table.file];

let ready: Promise<duckdb.AsyncDuckDBConnection> | null = null;

function dataUrl(base: string, file: string) {
  return new URL(`${base}data/${file}`, location.href).href;
}

/** A worker running `scriptUrl` under this page's Content-Security-Policy (a blob: worker inherits it). */
function workerUnderPagePolicy(scriptUrl: string): Worker {
  const absolute = new URL(scriptUrl, location.href).href;
  const wrapper = new Blob([`importScripts(${JSON.stringify(absolute)});`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(wrapper));
}

/** The page and the data are of two builds: the reason as a message, shown in the page's language. */
export class MixedBuildError extends Error {
  constructor(readonly problem: Message) {
    super(renderMessage(problem, 'en'));
  }
}

/**
 * The page and the data it queries come from one build: a page cached from last week over this week's Parquet
 * would mix two datasets under one label. Reads only the reports table's footer, which carries the build's id:
 * the parts (one file per province, each carrying its own id) are the ones the page lists, and reading 60
 * footers more before the first answer would cost a reader on a slow line more than the check is worth.
 */
async function checkBuild(base: string): Promise<void> {
  const expected = document.querySelector('code[data-build]')?.getAttribute('data-build');
  if (!expected) return;
  const file = await asyncBufferFromUrl({ url: dataUrl(base, 'reports.parquet') });
  const meta = await parquetMetadataAsync(file);
  const found = meta.key_value_metadata?.find((kv) => kv.key === BUILD_KEY)?.value ?? null;
  if (found !== expected) throw new MixedBuildError(msg('ui.mixed_build', { found: found ?? '?', expected }));
}

export function engine({ base, parts }: DataSource): Promise<duckdb.AsyncDuckDBConnection> {
  ready ??= (async () => {
    const bundle = await duckdb.selectBundle({
      mvp: { mainModule: new URL(mvpWasm, location.href).href, mainWorker: mvpWorker },
      eh: { mainModule: new URL(ehWasm, location.href).href, mainWorker: ehWorker },
    });
    await checkBuild(base);
    const worker = workerUnderPagePolicy(bundle.mainWorker!);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    await db.open({ query: { castBigIntToDouble: true } });
    for (const t of QUERIED)
      for (const f of filesOf(t, parts))
        await db.registerFileURL(f, dataUrl(base, f), duckdb.DuckDBDataProtocol.HTTP, false);
    const conn = await db.connect();
    for (const setting of ['autoinstall_known_extensions', 'autoload_known_extensions']) {
      try {
        await conn.query(`SET ${setting} = false`);
      } catch {
        /* not a setting in this DuckDB version: nothing to switch off */
      }
    }
    for (const t of QUERIED) {
      const files = filesOf(t, parts);
      // A build of no reports has no parts: an empty table of the same columns.
      await conn.query(
        files.length
          ? `CREATE VIEW ${t.name} AS SELECT * FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`
          : `CREATE TABLE ${t.name} (${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
      );
    }
    return conn;
  })();
  return ready;
}

const plain = (v: unknown): unknown => {
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && 'toArray' in (v as object))
    return [...(v as { toArray(): unknown[] }).toArray()].map(plain);
  return v;
};

/**
 * Runs `sql`; with `params`, as a prepared statement whose `?` placeholders DuckDB binds. A reader's own
 * query from the SQL box has no params and runs as written, after the read-only guard.
 */
export async function run(source: DataSource, sql: string, params?: Param[]): Promise<QueryResult> {
  const conn = await engine(source);
  const t0 = performance.now();
  let table;
  if (params) {
    const statement = await conn.prepare(sql);
    try {
      table = await statement.query(...params);
    } finally {
      await statement.close();
    }
  } else table = await conn.query(sql);
  const columns = table.schema.fields.map((f: { name: string }) => f.name);
  const rows = table
    .toArray()
    .map((r: { toJSON(): Row }) => Object.fromEntries(Object.entries(r.toJSON()).map(([k, v]) => [k, plain(v)])));
  return { columns, rows, ms: performance.now() - t0 };
}

/** A read-only guard for the SQL box: one statement, reading only. */
export function readOnly(sql: string): Message | null {
  const s = sql.trim().replace(/;+\s*$/, '');
  if (!s) return msg('sql.empty');
  if (s.includes(';')) return msg('sql.one_statement');
  if (!/^(select|with|from|describe|summarize|show|pragma\s+table_info|explain)\b/i.test(s))
    return msg('sql.select_only');
  if (
    /\b(copy|attach|install|load|export|import|create|insert|update|delete|drop|alter|set|call|pragma(?!\s+table_info))\b/i.test(
      s.replace(/'[^']*'/g, "''"),
    )
  )
    return msg('sql.writes');
  if (/(https?|s3|gcs|az|hf):\/\//i.test(s)) return msg('sql.urls');
  // A file-reading function can be handed a URL built at run time ('htt' || 'p://…'), which no text check sees:
  // the box reads the site's tables (reports, cells, checks, agencies, publications) and nothing else.
  if (/\b(read_\w+|\w+_scan|parquet_\w+|glob|sniff_csv|query|query_table|getenv|current_setting)\s*\(/i.test(s))
    return msg('sql.file_functions');
  return null;
}
