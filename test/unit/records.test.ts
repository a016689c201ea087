/**
 * A parsed report as a parser thread posts it to the main thread (src/pipeline/records.ts): its cells as views of
 * one buffer that is moved, not copied, and its checks packed. What the main thread reads back must be the report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ALL_CELL_KEYS, ALL_IDENTITY_IDS } from '../../src/domain/template.js';
import { parseReport, type ParsedReport } from '../../src/parse/report.js';
import { cellLine, cellValue, recordOf, unpackChecks, type ReportRecord } from '../../src/pipeline/records.js';
import { ROOT } from '../fixtures/reports.js';

const seeds = join(ROOT, 'data/reports/seeds');
const reports = readdirSync(seeds)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => parseReport(f, readFileSync(join(seeds, f))));

/** The record as the main thread receives it: posted with its cells' buffer in the transfer list. */
function posted(record: ReportRecord): ReportRecord {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(record, [record.cells.buffer]);
  const received = receiveMessageOnPort(port2)!.message as ReportRecord;
  port1.close();
  return received;
}

/** The report's cells and checks as the main thread reads them from a record. */
function readBack(record: ReportRecord) {
  const { cells } = record;
  return {
    cells: Object.fromEntries(
      Array.from(cells.keys, (k, i) => [ALL_CELL_KEYS[k], [cellValue(cells, i), cellLine(cells, i), cells.states[i]]]),
    ),
    checks: [...unpackChecks(record.checks)].map(([id, ok, detail]) => ({ id: ALL_IDENTITY_IDS[id], ok, detail })),
  };
}

const expected = (r: ParsedReport) => ({
  cells: Object.fromEntries(Object.keys(r.cells).map((k) => [k, [r.cells[k], r.cell_lines[k]]])),
  checks: r.checks,
});

describe('a report record posted between threads', () => {
  it('gives back every cell and check of the real seed reports, the cells moved rather than copied', () => {
    expect(reports.length).toBeGreaterThanOrEqual(5);
    for (const r of reports) {
      const record = recordOf(r, r.file);
      const sent = record.cells.buffer;
      const back = readBack(posted(record));
      // Moved: the sender's buffer is detached.
      expect(sent.byteLength).toBe(0);
      const cells = Object.fromEntries(Object.entries(back.cells).map(([k, [v, line]]) => [k, [v, line]]));
      expect({ cells, checks: back.checks }, r.file).toEqual(expected(r));
      expect(back.checks.length, r.file).toBeGreaterThan(0);
    }
  });

  it('keeps empty details and a report without checks apart', () => {
    const [r] = reports;
    const checks = [
      { id: ALL_IDENTITY_IDS[0], ok: true, detail: '' },
      { id: ALL_IDENTITY_IDS[1], ok: false, detail: '1+2 = 3; 4 = 4' },
      { id: ALL_IDENTITY_IDS[2], ok: true, detail: '' },
    ];
    expect(readBack(posted(recordOf({ ...r, checks }, r.file))).checks).toEqual(checks);
    expect(readBack(posted(recordOf({ ...r, checks: [] }, r.file))).checks).toEqual([]);
    expect(readBack(posted(recordOf({ ...r, checks: [checks[0]] }, r.file))).checks).toEqual([checks[0]]);
  });
});
