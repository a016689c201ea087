/**
 * The registry and the publication record against exact truth: a synthetic area of counties and a functional
 * zone over seven years, with renamed bodies, skipped years, late reports and reports that state no date.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData, type BuildResult } from '../../src/pipeline/build.js';
import { writeBodiesCorpus, type PlannedBody, type PublicationTruth } from '../../scripts/synth/bodies.js';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bodies-'));
let truth: { bodies: PlannedBody[]; publications: PublicationTruth[] };
let result: BuildResult;
let rows: (sql: string) => Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  truth = writeBodiesCorpus(join(dir, 'corpus'), 3);
  result = await buildData({
    reportsDir: join(dir, 'corpus', 'reports'),
    outDir: join(dir, 'out'),
    registryFile: join(dir, 'corpus', 'registry.csv'),
    workers: 1,
  });
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  rows = async (sql) =>
    (await conn.runAndReadAll(sql.replaceAll('{out}', join(dir, 'out')))).getRowObjectsJson() as Record<
      string,
      unknown
    >[];
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a synthetic area through seven years', () => {
  it('has what it is meant to test: renames, a zone, skipped years, late and undated reports', () => {
    const statuses = new Set(truth.publications.map((p) => p.status));
    expect(statuses).toEqual(new Set(['published', 'late', 'published_date_unknown', 'not_found']));
    expect(truth.bodies.some((b) => new Set(Object.values(b.names)).size > 1)).toBe(true);
    expect(truth.bodies.some((b) => b.kind === 'zone')).toBe(true);
  });

  it('files every report under its body, renamed or not, with no proposal', async () => {
    const got = await rows(`SELECT file, agency_id FROM '{out}/reports.parquet' ORDER BY file`);
    expect(got.length).toBe(truth.bodies.reduce((n, b) => n + Object.keys(b.published).length, 0));
    for (const r of got) expect(r.agency_id, String(r.file)).toBe(String(r.file).replace(/_\d{4}\.\w+$/, ''));
    expect(result.summary.proposals).toEqual([]);
  });

  it('gives exactly the expected publication record', async () => {
    const got = await rows(
      `SELECT agency_id, year, status, published_on, deadline, days_late FROM '{out}/publications.parquet' ORDER BY agency_id, year`,
    );
    expect(
      got.map((r) => ({ ...r, year: Number(r.year), days_late: r.days_late === null ? null : Number(r.days_late) })),
    ).toEqual(truth.publications);
  });
});
