import { DuckDBInstance } from '@duckdb/node-api';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildData, type BuildResult } from '../../src/pipeline/build.js';
import { listInputs } from '../../src/pipeline/corpus.js';
import { BuildLockedError } from '../../src/pipeline/publish.js';
import type { BuildSummary } from '../../src/pipeline/summary.js';
import { consistentBuild } from '../../src/site/build-check.js';
import { COPY_EVIDENCE_BITS, TABLES, UNPLACED_PART, tableBitsSql } from '../../src/domain/dataset.js';
import { REPORTS } from '../fixtures/reports.js';
import { parseReport } from '../../src/parse/report.js';
import { messagesFromColumn } from '../../src/domain/messages.js';

let out: string;
let result: BuildResult;

/** Every file under a data folder, by its path in it (the long tables' parts are in folders). */
const filesIn = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
let query: (sql: string) => Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'gongkai-build-'));
  result = await buildData({ reportsDir: REPORTS, outDir: out });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  query = async (sql) =>
    (await conn.runAndReadAll(sql.replace(/\{out\}/g, out))).getRowObjectsJson() as Record<string, unknown>[];
});

describe('npm run build:data on the seeds and corpus', () => {
  it('accounts for every input file, once', async () => {
    const inputs = listInputs(REPORTS);
    const rows = await query(`SELECT file FROM '{out}/reports.parquet' ORDER BY file`);
    expect(rows.map((r) => r.file)).toEqual(inputs.map((i) => i.path).sort());
    expect(result.summary.inputs).toBe(inputs.length);
    expect(result.summary.status.ok + result.summary.status.partial + result.summary.status.failed).toBe(inputs.length);
  });

  it('淮安 2024 total new requests is 3119, counted once though three files (the PDF and two text forms) hold the report', async () => {
    const rows = await query(
      `SELECT file, is_primary, t3_new_received_total AS n FROM '{out}/reports.parquet' WHERE region_code = '320800' AND year = 2024 ORDER BY file`,
    );
    expect(rows).toEqual([
      { file: 'corpus/raw/js_huaian_2024_szf.pdf', is_primary: false, n: 3119 },
      { file: 'corpus/raw/js_huaian_2024_szf.pdf.layout.txt', is_primary: true, n: 3119 },
      { file: 'corpus/raw/js_huaian_2024_szf.pdf.raw.txt', is_primary: false, n: 3119 },
    ]);
    const [sum] = await query(
      `SELECT sum(t3_new_received_total) AS n FROM '{out}/reports.parquet' WHERE is_primary AND year = 2024 AND province_code = '320000'`,
    );
    expect(Number(sum.n)).toBe(3119);
  });

  it('keeps blanks as nulls and provenance per cell in the long table', async () => {
    const rows = await query(
      `SELECT c.key, c.value, c.state, c.source_line FROM '{out}/cells/*.parquet' c JOIN '{out}/reports.parquet' r USING (report_id)
       WHERE r.file = 'corpus/raw/sh_shanghai_2019_szfbgt.html' AND c.key IN ('t3.granted.total', 't3.granted.natural_person') ORDER BY c.key`,
    );
    // The page writes its whole report on line 4 of the file; its cells cite the row the HTML reader rebuilt.
    expect(rows).toEqual([
      { key: 't3.granted.natural_person', value: 258, state: 'read', source_line: 42 },
      { key: 't3.granted.total', value: null, state: 'blank', source_line: 42 },
    ]);
  });

  it('records identity checks, and the reports that fail them', async () => {
    const rows = await query(
      `SELECT r.file, k.check_id FROM '{out}/checks/*.parquet' k JOIN '{out}/reports.parquet' r USING (report_id) WHERE NOT k.ok AND r.file LIKE 'corpus/%' ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { file: 'corpus/raw/fj_pingtan_2020_gwh.txt', check_id: 't3.results.natural_person' },
      { file: 'corpus/raw/fj_pingtan_2020_gwh.txt', check_id: 't3.results.total' },
    ]);
  });

  it('keeps every identity the parser tested, with its result and sums, as a row of checks', async () => {
    const file = 'corpus/raw/fj_pingtan_2020_gwh.txt';
    const rows = await query(
      `SELECT k.check_id AS id, k.ok, k.detail, k.region_code, k.year, r.region_code = k.region_code AND r.year = k.year AS same
       FROM '{out}/checks/*.parquet' k JOIN '{out}/reports.parquet' r USING (report_id) WHERE r.file = '${file}' ORDER BY k.check_id`,
    );
    const parsed = parseReport(file, readFileSync(join(REPORTS, file)));
    expect(parsed.checks.length).toBeGreaterThan(20);
    expect(rows.map(({ id, ok, detail }) => ({ id, ok, detail }))).toEqual(
      [...parsed.checks].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(rows.every((r) => r.same && r.region_code === parsed.region_code && r.year === parsed.year)).toBe(true);
  });

  it('sorts by region and year, and names the region hierarchy', async () => {
    const rows = await query(
      `SELECT region_code, year, province_code, city_code, county_code FROM '{out}/reports.parquet' WHERE region_code IS NOT NULL`,
    );
    const keys = rows.map((r) => `${r.region_code}-${r.year}`);
    expect(keys).toEqual([...keys].sort());
    expect(rows.find((r) => r.region_code === '370686')).toMatchObject({
      province_code: '370000',
      city_code: '370600',
      county_code: '370686',
    });
  });

  it('seed 001 is in the data with a null region and its reason', async () => {
    const [r] = await query(
      `SELECT region_code, status, problems FROM '{out}/reports.parquet' WHERE file = 'seeds/001_a82f3ad4b5aa2a4f.txt'`,
    );
    expect(r.region_code).toBeNull();
    expect(r.status).toBe('ok');
    expect((r.problems as string[]).some((p) => p.startsWith('region:'))).toBe(true);
  });

  it('same input gives byte-identical Parquet', async () => {
    const again = mkdtempSync(join(tmpdir(), 'gongkai-build-'));
    await buildData({ reportsDir: REPORTS, outDir: again });
    const parquet = filesIn(out).filter((f) => f.endsWith('.parquet'));
    expect(parquet).toEqual(expect.arrayContaining(['reports.parquet', 'cells/35.parquet', 'checks/unplaced.parquet']));
    expect(filesIn(again)).toEqual(filesIn(out));
    for (const f of parquet) expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f))), f).toBe(true);
  });

  it('publishes each table in its declared order', async () => {
    for (const t of TABLES.filter((t) => !t.partitioned || t.name === 'cells')) {
      const file = `'{out}/${t.file}'`;
      // A plain scan gives the rows in the order they are stored.
      const stored = await query(`SELECT * FROM ${file}`);
      const sorted = await query(`SELECT * FROM ${file} ORDER BY ${t.orderBy}`);
      expect(
        stored.map((row) => JSON.stringify(row)),
        t.name,
      ).toEqual(sorted.map((row) => JSON.stringify(row)));
    }
    const [{ n }] = await query(`SELECT count(DISTINCT left(region_code, 2)) AS n FROM '{out}/reports.parquet'`);
    expect(Number(n)).toBeGreaterThan(2);
  });

  it('lists every input file in build-files.csv.gz, as the summary lists them', async () => {
    const rows = await query(`SELECT * FROM read_csv('{out}/build-files.csv.gz') ORDER BY file`);
    expect(rows.length).toBe(result.summary.inputs);
    expect(
      rows.map((r) => ({ ...r, year: r.year === null ? null : Number(r.year), problems: Number(r.problems) })),
    ).toEqual(result.summary.files);
    expect(rows.filter((r) => r.primary).length).toBe(result.summary.primary_reports);
  });

  it('counts in its summary every report as its row has it, each problem once a report', async () => {
    const rows = await query(
      `SELECT status, template, cells_total, cells_null, checks_total, checks_failed, messages FROM '{out}/reports.parquet'`,
    );
    const count = <T>(keys: T[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<T, number>());
    const sum = (key: string) => rows.reduce((n, r) => n + Number(r[key]), 0);
    const { summary } = result;
    expect(summary.status).toEqual(Object.fromEntries(count(rows.map((r) => r.status))));
    expect(new Map(Object.entries(summary.templates))).toEqual(count(rows.map((r) => r.template ?? 'none')));
    expect([summary.cells, summary.cells_with_value, summary.checks, summary.checks_failed]).toEqual([
      sum('cells_total'),
      sum('cells_total') - sum('cells_null'),
      sum('checks_total'),
      sum('checks_failed'),
    ]);
    // The messages read back as the site reads them: a report with a problem twice counts once.
    const codes = rows.flatMap((r) => [...new Set(messagesFromColumn(r.messages).map((m) => m.code))]);
    expect(new Map(summary.reasons.map((r) => [r.code, r.reports]))).toEqual(count(codes));
    expect(summary.reasons.length).toBeGreaterThan(3);
  });

  it('writes a build summary that explains partial and failed reports', () => {
    const text = readFileSync(join(out, 'build-summary.txt'), 'utf8');
    expect(text).toMatch(/input files → \d+ ok, \d+ partial, \d+ failed/);
    expect(text).toContain('seeds/001_a82f3ad4b5aa2a4f.txt');
    expect(result.summary.reasons.length).toBeGreaterThan(0);
  });
});

describe('one body, one identity: the registry, regions and the publication record', () => {
  it('every 平潭 report lands in 350128, under one id per body across its years, renamed bodies included', async () => {
    const rows = await query(
      `SELECT agency_id, agency, year, region_code FROM '{out}/reports.parquet'
       WHERE file LIKE 'pingtan/%' OR file LIKE 'corpus/raw/fj_pingtan%' ORDER BY agency_id, year`,
    );
    expect(rows).toHaveLength(108);
    expect(rows.every((r) => r.region_code === '350128')).toBe(true);
    expect(rows.every((r) => r.agency_id !== null)).toBe(true);
    // 17 bodies in the area's folders and the zone's own government: the README's table.
    expect(new Set(rows.map((r) => r.agency_id)).size).toBe(18);
    const renamed = rows.filter((r) => /国有资产管理局|投资促进局/.test(String(r.agency)));
    expect(new Set(renamed.map((r) => r.agency_id))).toEqual(new Set(['350128-touzicujinju']));
    expect(renamed.map((r) => r.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    const government = rows.filter((r) => r.agency_id === '350128-government').map((r) => r.year);
    expect(government).toEqual([2019, 2020, 2021, 2023, 2024]);
  });

  it('a body never has two primary reports in one year', async () => {
    const rows = await query(
      `SELECT agency_id, year, count(*) AS n FROM '{out}/reports.parquet' WHERE is_primary AND agency_id IS NOT NULL AND year IS NOT NULL GROUP BY ALL HAVING count(*) > 1`,
    );
    expect(rows).toEqual([]);
  });

  it('records who published each year, and who did not', async () => {
    const record = await query(
      `SELECT year, status FROM '{out}/publications.parquet' WHERE agency_id = '350128-gonganju' ORDER BY year`,
    );
    // The archive holds 公安局's reports for 2019–2022 and 2024 (2020 only as a page whose attachment is lost).
    expect(record.find((r) => r.year === 2023)?.status).toBe('not_found');
    expect(record.find((r) => r.year === 2019)?.status).toBe('published');
    const [huaian] = await query(
      `SELECT status, deadline FROM '{out}/publications.parquet' WHERE agency_id = '320800-renminzhengfu' AND year = 2024`,
    );
    // A government's own report is due by 31 March; the 淮安 text states no publication date.
    expect(huaian).toEqual({ status: 'published_date_unknown', deadline: '2025-03-31' });
    const statuses = await query(`SELECT DISTINCT status FROM '{out}/publications.parquet' ORDER BY 1`);
    expect(statuses.map((r) => r.status)).toEqual(['not_found', 'published', 'published_date_unknown']);
  });

  it('names the registry does not list are proposed, kept apart, and listed for a maintainer', async () => {
    const proposals = readFileSync(join(out, 'registry-proposals.csv'), 'utf8');
    expect(proposals.split('\n')[0]).toBe('id,name,variants,region_code,level,kind,parent,first_year,last_year,note');
    expect(proposals).toContain('000000-qushangwuju,区商务局');
    expect(result.summary.proposals.map((p) => p.name)).toContain('区商务局');
    const [agencies] = await query(
      `SELECT count(*) FILTER (WHERE proposed) AS proposed, count(*) AS all FROM '{out}/agencies.parquet'`,
    );
    expect(Number(agencies.proposed)).toBe(result.summary.registry.proposed);
    expect(readFileSync(join(out, 'build-summary.txt'), 'utf8')).toMatch(/Names the registry does not list/);
  });
});

describe('builds that never leave a mix', () => {
  it('a second build into the same folder while one runs is refused, and the first one lands whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-locked-'));
    const seeds = join(REPORTS, 'seeds');
    const first = buildData({ reportsDir: seeds, outDir: dir });
    const second = buildData({ reportsDir: join(REPORTS, 'corpus'), outDir: dir });
    await expect(second).rejects.toThrow(BuildLockedError);
    // The message names the holder and when it started.
    await expect(second).rejects.toThrow(
      new RegExp(`another build \\(process ${process.pid}, started \\d{4}-\\d\\d-\\d\\dT`),
    );
    await first;
    const [n] = await query(`SELECT count(*) AS n FROM '${dir}/reports.parquet'`);
    expect(Number(n.n)).toBe(listInputs(seeds).length);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a build that fails leaves the previous data as it was, and no staging folder or lock behind', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'gongkai-atomic-'));
    const dir = join(parent, 'data');
    await buildData({ reportsDir: join(REPORTS, 'seeds'), outDir: dir });
    const before = readFileSync(join(dir, 'reports.parquet'));
    await expect(buildData({ reportsDir: join(parent, 'no-such-folder'), outDir: dir })).rejects.toThrow();
    expect(readFileSync(join(dir, 'reports.parquet')).equals(before)).toBe(true);
    expect(readdirSync(parent)).toEqual(['data']);
    // The lock went with the failed build: the next one runs.
    await buildData({ reportsDir: join(REPORTS, 'seeds'), outDir: dir });
    rmSync(parent, { recursive: true, force: true });
  });
});

it('a build killed outright leaves no scratch in the temp folder, and the next build clears its staging folder', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'gongkai-killed-'));
  const dir = join(parent, 'data');
  // What a SIGKILL leaves: a staging folder of a process that no longer runs.
  const dead = join(parent, 'data.staging-999999');
  mkdirSync(join(dead, '.scratch-x'), { recursive: true });
  await buildData({ reportsDir: join(REPORTS, 'seeds'), outDir: dir });
  expect(readdirSync(parent)).toEqual(['data']);
  expect(readdirSync(dir).some((f) => f.startsWith('.scratch'))).toBe(false);
  rmSync(parent, { recursive: true, force: true });
});

it('a table gets CSV copies only when it fits a spreadsheet whole, even where each part of it would fit', async () => {
  // The long tables' lengths, whole and per province, from the build above; a spreadsheet one row longer than
  // the longest part of the cells holds every part but not the whole table.
  const [{ whole, longest }] = await query(
    `SELECT sum(n) AS whole, max(n) AS longest
     FROM (SELECT count(*) AS n FROM read_parquet('{out}/cells/*.parquet', filename = true) GROUP BY filename)`,
  );
  const [{ reports }] = await query(`SELECT count(*) AS reports FROM '{out}/reports.parquet'`);
  const limit = Number(longest) + 1;
  expect(limit).toBeLessThanOrEqual(Number(whole));
  expect(Number(reports)).toBeLessThan(limit);
  const parent = mkdtempSync(join(tmpdir(), 'gongkai-csv-'));
  try {
    await buildData({ reportsDir: REPORTS, outDir: parent, spreadsheetRows: limit });
    const files = filesIn(parent);
    expect(files.filter((f) => f.startsWith('cells/') && f.endsWith('.csv'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('cells/') && f.endsWith('.parquet')).length).toBeGreaterThan(1);
    expect(files).toContain('reports.csv');
    // Under the default limit every part has its copy, as the build above shows.
    expect(filesIn(out).filter((f) => f.startsWith('cells/') && f.endsWith('.csv')).length).toBe(
      files.filter((f) => f.startsWith('cells/') && f.endsWith('.parquet')).length,
    );
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

it('flags a report whose tables repeat another’s number for number, naming the one it copies', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'gongkai-copies-'));
  const reports = join(parent, 'reports');
  mkdirSync(reports);
  // 淮安 2024: thousands of requests, so not a table of zeros (those repeat by nature and are never flagged).
  const report = readFileSync(join(REPORTS, 'corpus/raw/js_huaian_2024_szf.pdf.layout.txt'), 'utf8');
  writeFileSync(join(reports, 'a_2024.txt'), report);
  // The same body the next year with last year's tables; another body the same year with them too.
  writeFileSync(join(reports, 'b_2025.txt'), report.replace(/2024\s*年/, '2025 年'));
  writeFileSync(join(reports, 'c_2024.txt'), report.replaceAll('淮安市', '宿迁市'));
  // Small tables (a few requests and documents) agree by chance: two 平潭 bodies' 6 bits are no copy.
  const small = readFileSync(join(REPORTS, 'pingtan/2022_supingpianquguanliju.txt'), 'utf8');
  writeFileSync(join(reports, 'd_2022.txt'), small);
  writeFileSync(join(reports, 'e_2022.txt'), small.replaceAll('苏平片区', '金井片区'));
  // Tables saying more (27 bits): a copy when another body of the division repeats them, not when a county elsewhere does.
  const middling = readFileSync(join(REPORTS, 'pingtan/2022_xingzhengshenpiju.txt'), 'utf8');
  writeFileSync(join(reports, 'f_2022.txt'), middling);
  writeFileSync(join(reports, 'g_2022.txt'), middling.replaceAll('行政审批局', '统计局'));
  writeFileSync(join(reports, 'h_2022.txt'), middling.replaceAll('平潭综合实验区', '闽侯县'));
  await buildData({ reportsDir: reports, outDir: join(parent, 'out'), registryFile: join(parent, 'none.csv') });
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const rows = (
    await conn.runAndReadAll(
      `SELECT r.file, o.file AS copies, r.agency_id, r.region_code, r.tables_md5, r.is_primary, r.cells_nonzero,
              ${tableBitsSql('r')} AS bits
       FROM '${parent}/out/reports.parquet' r LEFT JOIN '${parent}/out/reports.parquet' o ON o.report_id = r.copy_of
       ORDER BY r.file`,
    )
  ).getRowObjects();
  expect(rows.map((r) => [r.file, r.copies])).toEqual([
    ['a_2024.txt', null],
    ['b_2025.txt', 'a_2024.txt'],
    ['c_2024.txt', 'a_2024.txt'],
    ['d_2022.txt', null],
    ['e_2022.txt', null],
    ['f_2022.txt', null],
    ['g_2022.txt', 'f_2022.txt'],
    ['h_2022.txt', null],
  ]);
  // …though each group is several bodies' primary reports of one year with the same tables, not all zero.
  const [, , , d, e, f, g, h] = rows;
  for (const group of [
    [d, e],
    [f, g, h],
  ]) {
    expect(new Set(group.map((r) => r.agency_id)).size).toBe(group.length);
    expect(new Set(group.map((r) => r.tables_md5)).size).toBe(1);
    for (const r of group) expect([r.is_primary, Number(r.cells_nonzero) > 0]).toEqual([true, true]);
  }
  expect(d.bits).toBeLessThan(COPY_EVIDENCE_BITS.sameDivision);
  expect(f.bits).toBeGreaterThanOrEqual(COPY_EVIDENCE_BITS.sameDivision);
  expect(f.bits).toBeLessThan(COPY_EVIDENCE_BITS.elsewhere);
  expect([d.region_code, e.region_code, g.region_code]).toEqual([f.region_code, f.region_code, f.region_code]);
  expect(h.region_code).not.toBe(f.region_code);
  rmSync(parent, { recursive: true, force: true });
});

it('every output of a build carries one build id, and a mix of two builds is refused', async () => {
  const id = await consistentBuild(out);
  expect(id).toMatch(/^[0-9a-f]{16}$/);
  expect(result.summary.build_id).toBe(id);
  // The same input gives the same id (builds stay byte-identical); other input another.
  const parent = mkdtempSync(join(tmpdir(), 'gongkai-mixed-'));
  await buildData({ reportsDir: join(REPORTS, 'seeds'), outDir: join(parent, 'seeds') });
  const other = await consistentBuild(join(parent, 'seeds'));
  expect(other).not.toBe(id);
  // reports.parquet from one build beside the rest of another: refused, naming the file.
  const mixed = join(parent, 'mixed');
  cpSync(out, mixed, { recursive: true });
  writeFileSync(join(mixed, 'reports.parquet'), readFileSync(join(parent, 'seeds', 'reports.parquet')));
  await expect(consistentBuild(mixed)).rejects.toThrow(/reports\.parquet belongs to build .* mixes two builds/);
  // So is a province's part of cells from another build (each part carries its own id), and a part no build listed.
  const { parts } = result.summary;
  const seedParts = (JSON.parse(readFileSync(join(parent, 'seeds', 'build-summary.json'), 'utf8')) as BuildSummary)
    .parts!;
  const [foreign] = Object.keys(seedParts);
  const [replaced] = Object.keys(parts!).filter((p) => parts![p] !== seedParts[foreign]);
  cpSync(out, mixed, { recursive: true });
  cpSync(join(parent, 'seeds', `cells/${foreign}.parquet`), join(mixed, `cells/${replaced}.parquet`));
  await expect(consistentBuild(mixed)).rejects.toThrow(
    `cells/${replaced}.parquet belongs to build ${seedParts[foreign]}`,
  );
  rmSync(mixed, { recursive: true });
  cpSync(out, mixed, { recursive: true });
  expect(await consistentBuild(mixed)).toBe(id);
  cpSync(join(out, `checks/${replaced}.parquet`), join(mixed, 'checks/99.parquet'));
  await expect(consistentBuild(mixed)).rejects.toThrow(/checks\/99\.parquet is not a part of build/);
  rmSync(parent, { recursive: true, force: true });
});

it('an incremental build parses only the changed and new files and gives the bytes of a build from scratch', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'gongkai-incremental-'));
  const reports = join(parent, 'reports');
  cpSync(join(REPORTS, 'pingtan'), reports, { recursive: true });
  // A report whose body the registry does not list: its proposed body must survive being carried over.
  cpSync(join(REPORTS, 'seeds', '001_a82f3ad4b5aa2a4f.txt'), join(reports, 'unlisted.txt'));
  // A name with a line break: the published files' list is read as lines (reuse.ts), and must still find it.
  cpSync(join(REPORTS, 'seeds', '002_9a2759b661843b25.txt'), join(reports, 'two\nlines.txt'));
  const out = join(parent, 'data');
  await buildData({ reportsDir: reports, outDir: out });
  // One report edited, one added.
  const edited = join(reports, '2023_caizhengjinrongju.txt');
  writeFileSync(
    edited,
    readFileSync(edited, 'utf8').replace(
      '本年新收政府信息公开申请数量0 0 0 0 0 00',
      '本年新收政府信息公开申请数量1 0 0 0 0 01',
    ),
  );
  cpSync(join(REPORTS, 'seeds', '000_ec614781643437d0.txt'), join(reports, 'added.txt'));
  const partsBefore = (JSON.parse(readFileSync(join(out, 'build-summary.json'), 'utf8')) as BuildSummary).parts!;
  const inode = (f: string) => statSync(join(out, f)).ino;
  const inodesBefore = Object.fromEntries(filesIn(out).map((f) => [f, inode(f)]));
  const said: string[] = [];
  const progress: [number, number][] = [];
  const { summary } = await buildData({
    reportsDir: reports,
    outDir: out,
    log: (s) => said.push(s),
    progress: (done, total) => progress.push([done, total]),
  });
  expect(said.join('\n')).toMatch(/parsing 2 of 106 files .*\(104 unchanged since the published build\)/);
  // The bar counts the files parsed, not the unchanged ones: its rate and time left are the parse's.
  expect(progress).toEqual([
    [0, 2],
    [1, 2],
    [2, 2],
  ]);
  // 平潭's part (35) holds the edit; the provinces the edit and the addition did not touch are the published
  // files themselves, linked into the new build, not written again.
  const partsNow = Object.keys(summary.parts!);
  const untouched = partsNow.filter((p) => partsBefore[p] === summary.parts![p]);
  expect(partsNow).toContain('35');
  expect(untouched).not.toContain('35');
  expect(untouched).toContain(UNPLACED_PART);
  expect(said.join('\n')).toContain(`(${partsNow.length - untouched.length} of ${partsNow.length} parts rewritten)`);
  for (const p of untouched) expect(inode(`cells/${p}.parquet`)).toBe(inodesBefore[`cells/${p}.parquet`]);
  expect(inode('cells/35.parquet')).not.toBe(inodesBefore['cells/35.parquet']);
  const fresh = join(parent, 'fresh');
  // From scratch on two parsers, whose results arrive in any order: still the same bytes.
  await buildData({ reportsDir: reports, outDir: fresh, incremental: false, workers: 2 });
  const names = filesIn(fresh);
  expect(filesIn(out)).toEqual(names);
  expect(names.filter((f) => !readFileSync(join(out, f)).equals(readFileSync(join(fresh, f))))).toEqual([]);
  // The edit is in the data: the carried-over rows did not hide it.
  const [row] = await query(
    `SELECT t3_new_received_natural_person AS n FROM '${out}/reports.parquet' WHERE file = '2023_caizhengjinrongju.txt'`,
  );
  expect(Number(row.n)).toBe(1);
  const [proposed] = await query(
    `SELECT count(*) AS n FROM '${out}/agencies.parquet' a JOIN '${out}/reports.parquet' r ON r.agency_id = a.id WHERE a.proposed AND r.file = 'unlisted.txt'`,
  );
  expect(Number(proposed.n)).toBe(1);
  rmSync(parent, { recursive: true, force: true });
});
