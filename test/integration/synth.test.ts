import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/parse/report.js';
import { synthReport, writeCorpus } from '../../scripts/synth/generate.js';
import { LAYOUTS } from '../../scripts/synth/render.js';

describe('the synthetic national corpus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-synth-'));
  const truths = writeCorpus(dir, 800, 42, true);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Crawled text runs the cells together: a cell is exact where the digits allow one reading, else null.
  const exactLayouts = truths.filter((t) => t.layout !== 'crawl');

  it('is deterministic by seed', () => {
    const digest = (seed: number) =>
      createHash('sha256')
        .update(Buffer.concat(Array.from({ length: 50 }, (_, i) => Buffer.from(synthReport(i, seed).bytes))))
        .digest('hex');
    expect(digest(42)).toBe(digest(42));
    expect(digest(42)).not.toBe(digest(43));
  });

  it('covers every layout, both templates, every kind of body, and a known fraction of broken files', () => {
    expect(new Set(truths.map((t) => t.layout)).size).toBe(LAYOUTS.length);
    expect(new Set(truths.map((t) => t.template))).toEqual(new Set(['2019', '2021']));
    expect(new Set(truths.map((t) => t.kind)).size).toBe(5);
    const broken = truths.filter((t) => t.broken !== 'none').length / truths.length;
    expect(broken).toBeGreaterThan(0.02);
    expect(broken).toBeLessThan(0.1);
  });

  it('parses to the recorded outcome: status for all, and for intact reports every cell, the agency, year and region', () => {
    const wrong: string[] = [];
    for (const t of exactLayouts) {
      const r = parseReport(t.file, readFileSync(join(dir, t.file)));
      if (r.status !== t.expected_status) wrong.push(`${t.file} (${t.layout}, ${t.broken}): status ${r.status}`);
      if (t.broken !== 'none') continue;
      if (
        r.agency !== t.agency.normalize('NFKC') ||
        r.year !== t.year ||
        r.template !== t.template ||
        r.region_code !== t.region_code
      )
        wrong.push(`${t.file}: ${r.agency} ${r.year} ${r.template} ${r.region_code}`);
      if (r.published_on !== t.published_on) wrong.push(`${t.file} (${t.layout}): published ${r.published_on}`);
      for (const [k, v] of Object.entries(t.cells!))
        if (r.cells[k] !== v) wrong.push(`${t.file} (${t.layout}): ${k} = ${r.cells[k]}, expected ${v}`);
    }
    expect(wrong).toEqual([]);
  });

  it('crawled text with cells run together: every cell exact or null with its reason, never a wrong number', () => {
    const wrong: string[] = [];
    let cells = 0;
    let exact = 0;
    for (const t of truths.filter((x) => x.layout === 'crawl')) {
      const r = parseReport(t.file, readFileSync(join(dir, t.file)));
      if (t.expected_status === 'failed' ? r.status !== 'failed' : r.status === 'failed')
        wrong.push(`${t.file}: status ${r.status}`);
      if (t.broken !== 'none') continue;
      if (r.agency !== t.agency.normalize('NFKC') || r.year !== t.year || r.region_code !== t.region_code)
        wrong.push(`${t.file}: ${r.agency} ${r.year} ${r.region_code}`);
      if (r.published_on !== t.published_on) wrong.push(`${t.file}: published ${r.published_on}`);
      for (const [k, v] of Object.entries(t.cells!)) {
        cells++;
        if (r.cells[k] === v) exact++;
        else if (r.cells[k] !== null) wrong.push(`${t.file}: ${k} = ${r.cells[k]}, expected ${v}`);
        else if (!['ambiguous', 'unparsed'].includes(r.cell_states[k]) || r.status === 'ok')
          wrong.push(`${t.file}: ${k} null as ${r.cell_states[k]} in a report called ${r.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBeGreaterThan(5000);
    // Measured: 97.6% of crawled cells come back exact (seed 42); the rest are ties the digits leave open.
    expect(exact / cells).toBeGreaterThan(0.95);
  });

  it('a broken identity is flagged where it was broken', () => {
    const t = truths.find((x) => x.broken === 'identity')!;
    const r = parseReport(t.file, readFileSync(join(dir, t.file)));
    expect(r.checks.filter((c) => !c.ok).map((c) => c.id)).toContain('t3.row.granted');
  });
});
