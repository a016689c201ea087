/**
 * The long cells table — ~200 rows a report, 200 million nationally — staged as numbers while reports stream in
 * (a report by its position, a key and a state by theirs in the template's lists), then written out whole in one
 * SQL statement that puts back the report id, region, year, key and state names. Appending them as strings, one
 * value at a time, was most of the main thread's work per report.
 */
import { CELL_STATES } from '../domain/cells.js';
import { sqlString } from '../domain/format.js';
import { ALL_CELL_KEYS } from '../domain/template.js';
import type { ParquetWriter, Row, TableAppender } from './parquet.js';
import { cellLine, cellValue, type PackedCells } from './records.js';

export class CellStage {
  private count = 0;

  private constructor(
    private readonly writer: ParquetWriter,
    private readonly reports: TableAppender,
    private readonly cells: TableAppender,
  ) {}

  static async open(writer: ParquetWriter): Promise<CellStage> {
    await writer.run(`CREATE TABLE _stage_keys (ix SMALLINT, key VARCHAR)`);
    await writer.run(
      `INSERT INTO _stage_keys VALUES ${ALL_CELL_KEYS.map((k, i) => `(${i}, ${sqlString(k)})`).join(',')}`,
    );
    await writer.run(`CREATE TABLE _stage_states (ix TINYINT, state VARCHAR)`);
    await writer.run(
      `INSERT INTO _stage_states VALUES ${CELL_STATES.map((s, i) => `(${i}, ${sqlString(s.state)})`).join(',')}`,
    );
    await writer.run(`CREATE TABLE _stage_reports (ix INTEGER, report_id VARCHAR, region_code VARCHAR, year INTEGER)`);
    await writer.run(
      `CREATE TABLE _stage_cells (ix INTEGER, key SMALLINT, value DOUBLE, state TINYINT, source_line INTEGER)`,
    );
    return new CellStage(writer, await writer.appender('_stage_reports'), await writer.appender('_stage_cells'));
  }

  /** A report's cells, under the id, region and year of its row. */
  add(row: Row, cells: PackedCells): void {
    const ix = this.count++;
    this.reports.addValues([ix, row.report_id as string, row.region_code as string | null, row.year as number | null]);
    for (let i = 0; i < cells.keys.length; i++)
      this.cells.addValues([
        ix,
        cells.keys[i],
        cellValue(cells, i),
        cells.states[i] < 0 ? null : cells.states[i],
        cellLine(cells, i),
      ]);
  }

  /** Everything staged into `cells`, and the staging tables gone. */
  async finish(): Promise<void> {
    this.reports.close();
    this.cells.close();
    await this.writer.run(`
      INSERT INTO cells
      SELECT r.report_id, r.region_code, r.year, k.key, c.value, s.state, c.source_line
      FROM _stage_cells c JOIN _stage_reports r ON r.ix = c.ix JOIN _stage_keys k ON k.ix = c.key
      LEFT JOIN _stage_states s ON s.ix = c.state`);
    for (const t of ['_stage_cells', '_stage_reports', '_stage_keys', '_stage_states'])
      await this.writer.run(`DROP TABLE ${t}`);
  }
}
