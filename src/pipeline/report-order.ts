/**
 * The reports table is filled in its published order (`orderBy`), so that writing it is a copy, not a sort of a
 * million rows of 266 columns (38–65 s of a national rebuild, 2026-12-07). The parsers append to a table of their
 * own (`parsed`); the published rows of unchanged files come from the published Parquet, already in that order.
 *
 * The table is filled a block of rows at a time, a block being one of DuckDB's row groups (ROW_GROUP_ROWS rows of
 * the final order): a block holding a parsed row is sorted with its published rows, a block of published rows only
 * is copied in the file's order. The blocks, and not the provinces, because the Parquet copy cuts its row groups
 * where the rows it reads come in whole vectors: each statement that fills the table ends a row group of its own,
 * and a row group cut short shifts every row group of the file after it (measured: the same rows, other bytes). A
 * statement ending on a block's end leaves the table's row groups whole, as one sorted statement does.
 */
import { TABLES } from '../domain/dataset.js';
import type { ParquetWriter } from './parquet.js';

/** The reports table, which the build keeps in order (the writer copies it, no sort). */
export const REPORTS = TABLES.find((t) => t.name === 'reports')!;
/** Where the parsers append their reports (the reports table's columns): see fillReports. */
export const PARSED = 'parsed';
/** DuckDB's rows per row group of a table (its storage's default). */
export const ROW_GROUP_ROWS = 122_880;

/** The order's own columns (`region_code, year, agency, file`), read to place every row before a wide row moves. */
const ORDER_COLUMNS = REPORTS.orderBy
  .split(',')
  .map((term) => term.trim().split(/\s+/)[0])
  .join(', ');

/**
 * Fills the reports table from `parsed` and `published` (the published reports of unchanged files, as a query,
 * or none), in order, then drops `parsed`. Each row's place in the order is found first, from the order's own
 * columns, so that the blocks are known before a wide row moves; every row is then checked to be in its place.
 */
export async function fillReports(
  writer: ParquetWriter,
  published?: string,
  log: (s: string) => void = () => {},
): Promise<void> {
  if (!published) {
    // A build from scratch: every row is parsed, one sort fills the table.
    await writer.sortOnEveryCore(
      REPORTS,
      `INSERT INTO reports BY NAME SELECT * FROM ${PARSED} ORDER BY ${REPORTS.orderBy}`,
    );
    await writer.run(`DROP TABLE ${PARSED}`);
    return sortAgainUnless(writer, 0, log);
  }
  await writer.run(
    `CREATE TEMP TABLE report_order AS
     SELECT file, parsed, row_number() OVER (ORDER BY ${REPORTS.orderBy}) - 1 AS place FROM (
       SELECT ${ORDER_COLUMNS}, true AS parsed FROM ${PARSED}
       UNION ALL SELECT ${ORDER_COLUMNS}, false FROM (${published}))`,
  );
  const block = `place // ${ROW_GROUP_ROWS}`;
  const blocks = await writer.rows(
    `SELECT ${block} AS block, bool_or(parsed) AS parsed FROM report_order GROUP BY block ORDER BY block`,
  );
  // Runs of blocks alike: each holding a parsed row, or none.
  const runs: { first: number; last: number; parsed: boolean }[] = [];
  for (const b of blocks) {
    const [block, parsed] = [Number(b.block), Boolean(b.parsed)];
    const run = runs.at(-1);
    if (run?.parsed === parsed) run.last = block;
    else runs.push({ first: block, last: block, parsed });
  }
  for (const { first, last, parsed } of runs) {
    const inRun =
      runs.length > 1
        ? `SEMI JOIN (SELECT file FROM report_order WHERE ${block} BETWEEN ${first} AND ${last}) USING (file)`
        : '';
    const fromPublished = `SELECT * FROM (${published}) ${inRun}`;
    // Published rows in the file's order, by one thread: by two, the national table's row groups came out cut
    // short and its rows out of order (2026-12-07).
    if (!parsed) await writer.onThreads(1, `INSERT INTO reports BY NAME ${fromPublished}`);
    else
      await writer.sortOnEveryCore(
        REPORTS,
        `INSERT INTO reports BY NAME SELECT * FROM (SELECT * FROM ${PARSED} ${inRun} UNION ALL BY NAME ${fromPublished}) ORDER BY ${REPORTS.orderBy}`,
      );
  }
  await writer.run(`DROP TABLE ${PARSED}`);
  const [{ misplaced }] = await writer.onThreads(1, () =>
    writer.rows(
      `SELECT count(*) AS misplaced FROM (SELECT file, row_number() OVER () - 1 AS stored FROM reports)
       JOIN report_order USING (file) WHERE stored <> place`,
    ),
  );
  await writer.run(`DROP TABLE report_order`);
  await sortAgainUnless(writer, Number(misplaced), log);
}

/**
 * The table sorted again, whole, unless its rows are in order (`misplaced` none) and its row groups whole: slower,
 * the same bytes. The log says why.
 */
async function sortAgainUnless(writer: ParquetWriter, misplaced: number, log: (s: string) => void): Promise<void> {
  const whole = await wholeRowGroups(writer);
  if (!misplaced && whole) return;
  log(
    `reports: the table's ${misplaced ? `rows came out of order (${misplaced})` : 'row groups came out cut short'}; sorting it again`,
  );
  await writer.sortOnEveryCore(
    REPORTS,
    `CREATE TABLE reports_sorted AS SELECT * FROM reports ORDER BY ${REPORTS.orderBy}`,
  );
  await writer.run(`DROP TABLE reports`);
  await writer.run(`ALTER TABLE reports_sorted RENAME TO reports`);
}

/** Every row group of the reports table but the last holds ROW_GROUP_ROWS rows. */
export async function wholeRowGroups(writer: ParquetWriter): Promise<boolean> {
  const groups = await writer.rows(
    `SELECT row_group_id, sum(count) AS n FROM pragma_storage_info('reports')
     WHERE column_id = 0 AND segment_type <> 'VALIDITY' GROUP BY row_group_id ORDER BY row_group_id`,
  );
  return groups.slice(0, -1).every((g) => Number(g.n) === ROW_GROUP_ROWS);
}
