/**
 * A body's shard carries its reports' cells compactly (values in key order, lines as steps) and no identity
 * checks: its page tests them on the shard's cells. This holds the page to the parser: on every real report in
 * the repository, the cells a shard gives back are the parser's, values and lines, and the checks worked out from
 * them are the parser's, id for id, with the same outcome and the same arithmetic.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CellState } from '../../src/domain/cells.js';
import { lineSteps, shardCells, shardChecks, shardKeys, type ShardCells } from '../../src/domain/shard.js';
import { parseReportAsync, type ParsedReport } from '../../src/parse/report.js';
import { REPORTS } from '../fixtures/reports.js';

/** The cells of a parsed report as a shard lists them (src/site/bodies.ts reads the same from the cells table). */
function asShard(r: ParsedReport): ShardCells {
  const keys = shardKeys(r.template);
  const states: ShardCells['states'] = {};
  keys.forEach((k, i) => {
    const state = k in r.cells ? r.cell_states[k] : '-';
    if (state !== 'read') states[i] = state as CellState | '-';
  });
  return {
    template: r.template,
    values: keys.map((k) => r.cells[k] ?? null),
    lines: lineSteps(keys.map((k) => r.cell_lines[k] ?? null)),
    states,
  };
}

const files = readdirSync(REPORTS, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && !e.name.startsWith('.') && !/\.(md|csv|json)$/i.test(e.name))
  .map((e) => relative(REPORTS, join(e.parentPath, e.name)))
  .sort();

describe('a shard’s cells and the checks tested on them', () => {
  it('are the parser’s on every real report', async () => {
    let checks = 0;
    let failing = 0;
    for (const file of files) {
      const r = await parseReportAsync(file, readFileSync(join(REPORTS, file)));
      const shard = asShard(r);
      // Its cells come back as parsed, each with its line (a shard lists the lines as steps).
      const cells = shardCells(shard);
      expect([...cells.keys()].sort(), file).toEqual(Object.keys(r.cells).sort());
      for (const [k, c] of cells)
        expect([c.value, c.source_line], `${file} ${k}`).toEqual([r.cells[k], r.cell_lines[k]]);
      const parsed = r.checks.map((c) => ({ check_id: c.id, ok: c.ok, detail: c.detail }));
      expect(shardChecks(shard), file).toEqual(parsed);
      checks += parsed.length;
      failing += parsed.filter((c) => !c.ok).length;
    }
    // The comparison covers what matters: many reports, checks that hold and checks that fail.
    expect(files.length).toBeGreaterThan(100);
    expect(checks).toBeGreaterThan(3000);
    expect(failing).toBeGreaterThan(10);
  }, 300_000);
});
