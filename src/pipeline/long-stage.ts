/**
 * The long tables — cells (~200 rows a report, 200 million nationally) and checks (~40 a report, 40 million) —
 * staged as numbers while reports stream in (a report by its position; a key, a state and an identity by theirs
 * in the template's lists), then written out whole in one SQL statement each that puts back the report id,
 * region, year, key, state and identity names. Appending them as strings, one value at a time, was most of the
 * main thread's work per report: a string costs the appender a call into DuckDB, a number a typed-array store.
 */
import { CELL_STATES } from '../domain/cells.js';
import { sqlString } from '../domain/format.js';
import { ALL_CELL_KEYS, ALL_IDENTITY_IDS } from '../domain/template.js';
import type { ParquetWriter, Row, TableAppender } from './parquet.js';
import { cellLine, cellValue, unpackChecks, type ReportRecord } from './records.js';

/** A list of names as a table of their positions, for the joins that put the names back. */
const namesTable = (table: string, column: string, type: string, names: readonly string[]) =>
  `CREATE TABLE ${table} AS SELECT * FROM (VALUES ${names.map((n, i) => `(CAST(${i} AS ${type}), ${sqlString(n)})`).join(',')}) t(ix, ${column})`;

export class LongStage {
  private count = 0;
  /** One cell's or one check's values, reused: the appender copies them as they are added. */
  private readonly cell: [number, number, number | null, number | null, number | null] = [0, 0, null, null, null];
  private readonly check: [number, number, boolean, string] = [0, 0, false, ''];

  private constructor(
    private readonly writer: ParquetWriter,
    private readonly reports: TableAppender,
    private readonly cells: TableAppender,
    private readonly checks: TableAppender,
  ) {}

  static async open(writer: ParquetWriter): Promise<LongStage> {
    await writer.run(namesTable('_stage_keys', 'key', 'SMALLINT', ALL_CELL_KEYS));
    await writer.run(
      namesTable(
        '_stage_states',
        'state',
        'TINYINT',
        CELL_STATES.map((s) => s.state),
      ),
    );
    await writer.run(namesTable('_stage_identities', 'check_id', 'SMALLINT', ALL_IDENTITY_IDS));
    await writer.run(`CREATE TABLE _stage_reports (ix INTEGER, report_id VARCHAR, region_code VARCHAR, year INTEGER)`);
    await writer.run(
      `CREATE TABLE _stage_cells (ix INTEGER, key SMALLINT, value DOUBLE, state TINYINT, source_line INTEGER)`,
    );
    await writer.run(`CREATE TABLE _stage_checks (ix INTEGER, identity SMALLINT, ok BOOLEAN, detail VARCHAR)`);
    return new LongStage(
      writer,
      await writer.appender('_stage_reports'),
      await writer.appender('_stage_cells'),
      await writer.appender('_stage_checks'),
    );
  }

  /** A report's cells and checks, under the id, region and year of its row. */
  add(row: Row, { cells, checks }: Pick<ReportRecord, 'cells' | 'checks'>): void {
    const ix = this.count++;
    this.reports.addValues([ix, row.report_id as string, row.region_code as string | null, row.year as number | null]);
    const cell = this.cell;
    cell[0] = ix;
    for (let i = 0; i < cells.keys.length; i++) {
      cell[1] = cells.keys[i];
      cell[2] = cellValue(cells, i);
      cell[3] = cells.states[i] < 0 ? null : cells.states[i];
      cell[4] = cellLine(cells, i);
      this.cells.addValues(cell);
    }
    const check = this.check;
    check[0] = ix;
    for (const [identity, ok, detail] of unpackChecks(checks)) {
      check[1] = identity;
      check[2] = ok;
      check[3] = detail;
      this.checks.addValues(check);
    }
  }

  /** Everything staged into `cells` and `checks`, and the staging tables gone. */
  async finish(): Promise<void> {
    for (const a of [this.reports, this.cells, this.checks]) a.close();
    await this.writer.run(`
      INSERT INTO cells
      SELECT r.report_id, r.region_code, r.year, k.key, c.value, s.state, c.source_line
      FROM _stage_cells c JOIN _stage_reports r ON r.ix = c.ix JOIN _stage_keys k ON k.ix = c.key
      LEFT JOIN _stage_states s ON s.ix = c.state`);
    await this.writer.run(`
      INSERT INTO checks
      SELECT r.report_id, r.region_code, r.year, i.check_id, c.ok, c.detail
      FROM _stage_checks c JOIN _stage_reports r ON r.ix = c.ix JOIN _stage_identities i ON i.ix = c.identity`);
    for (const t of [
      '_stage_cells',
      '_stage_checks',
      '_stage_reports',
      '_stage_keys',
      '_stage_states',
      '_stage_identities',
    ])
      await this.writer.run(`DROP TABLE ${t}`);
  }
}
