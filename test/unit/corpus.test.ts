import { describe, expect, it } from 'vitest';
import { parseFile, t3Row, t4Values } from '../fixtures/reports.js';

// 淮安市人民政府 2024, transcribed by hand from the -layout text (the PDF's own column order).
const HUAIAN_T3: Record<string, number[]> = {
  new_received: [3001, 53, 0, 0, 61, 4, 3119],
  carried_over: [34, 0, 0, 0, 0, 0, 34],
  granted: [1288, 21, 0, 0, 50, 3, 1362],
  partially_granted: [447, 7, 0, 0, 0, 0, 454],
  denied_state_secret: [2, 0, 0, 0, 0, 0, 2],
  denied_law_prohibited: [30, 1, 0, 0, 0, 0, 31],
  denied_security_stability: [5, 0, 0, 0, 0, 0, 5],
  denied_third_party: [6, 0, 0, 0, 0, 0, 6],
  denied_internal_affairs: [7, 1, 0, 0, 0, 0, 8],
  denied_process_info: [12, 0, 0, 0, 0, 0, 12],
  denied_enforcement_file: [9, 0, 0, 0, 0, 0, 9],
  denied_inquiry: [105, 0, 0, 0, 0, 0, 105],
  unable_not_held: [746, 12, 0, 0, 10, 1, 769],
  unable_needs_creation: [11, 0, 0, 0, 0, 0, 11],
  unable_unclear: [1, 0, 0, 0, 0, 0, 1],
  rejected_petition: [56, 6, 0, 0, 0, 0, 62],
  rejected_duplicate: [25, 0, 0, 0, 0, 0, 25],
  rejected_publication: [0, 0, 0, 0, 0, 0, 0],
  rejected_excessive: [0, 0, 0, 0, 0, 0, 0],
  rejected_confirmation: [1, 0, 0, 0, 0, 0, 1],
  other_no_correction: [67, 3, 0, 0, 1, 0, 71],
  other_unpaid_fee: [6, 0, 0, 0, 0, 0, 6],
  other_misc: [108, 2, 0, 0, 0, 0, 110],
  total_processed: [2932, 53, 0, 0, 61, 4, 3050],
  carried_forward: [103, 0, 0, 0, 0, 0, 103],
};
const HUAIAN_T2 = {
  't2.regulations.issued': 1,
  't2.regulations.repealed': 0,
  't2.regulations.in_force': 11,
  't2.normative_docs.issued': 8,
  't2.normative_docs.repealed': 26,
  't2.normative_docs.in_force': 66,
  't2.licensing.decisions': 447228,
  't2.punishment.decisions': 3985758,
  't2.coercion.decisions': 88283,
  't2.fees.amount_10k_yuan': 96171.6,
};
const HUAIAN_T4 = [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20];

describe('淮安 2024, PDF text in -layout form', () => {
  const r = parseFile('corpus/raw/js_huaian_2024_szf.pdf.layout.txt');
  it('reads title, agency, year, region, template', () => {
    expect([r.title, r.agency, r.year, r.region_code, r.template]).toEqual([
      '淮安市人民政府2024年政府信息公开工作年度报告',
      '淮安市人民政府',
      2024,
      '320800',
      '2021',
    ]);
  });
  it('reads every number of the three tables', () => {
    for (const [k, v] of Object.entries(HUAIAN_T2)) expect([k, r.cells[k]]).toEqual([k, v]);
    for (const [row, values] of Object.entries(HUAIAN_T3)) expect([row, t3Row(r, row)]).toEqual([row, values]);
    expect(t4Values(r)).toEqual(HUAIAN_T4);
  });
  it('holds every identity', () => {
    expect(r.checks).toHaveLength(42);
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(r.status).toBe('ok');
  });
});

describe('淮安 2024, PDF text in raw order', () => {
  const r = parseFile('corpus/raw/js_huaian_2024_szf.pdf.raw.txt');
  it('reads tables 二 and 三 exactly as the layout form (labels detached from numbers, footers inside)', () => {
    for (const [k, v] of Object.entries(HUAIAN_T2)) expect([k, r.cells[k]]).toEqual([k, v]);
    for (const [row, values] of Object.entries(HUAIAN_T3)) expect([row, t3Row(r, row)]).toEqual([row, values]);
    expect(r.checks.filter((c) => c.id.startsWith('t3.')).every((c) => c.ok)).toBe(true);
  });
  it('does not guess table 四, whose groups raw order interleaves: several readings fit, so cells are null', () => {
    expect(t4Values(r).every((v) => v === null)).toBe(true);
    expect(r.cell_states['t4.review.total']).toBe('ambiguous');
    expect(r.problems.some((p) => p.includes('interleavings'))).toBe(true);
    expect(r.status).toBe('partial');
  });
});

describe('上海市人民政府办公厅 2019 (HTML, 2019 format)', () => {
  const r = parseFile('corpus/raw/sh_shanghai_2019_szfbgt.html');
  it('reads metadata and the 2019 template', () => {
    expect([r.title, r.agency, r.year, r.region_code, r.template, r.format]).toEqual([
      '2019年上海市人民政府办公厅政府信息公开工作年度报告',
      '上海市人民政府办公厅',
      2019,
      '310000',
      '2019',
      'html',
    ]);
  });
  it('keeps &nbsp; cells as blanks, never 0', () => {
    expect(t3Row(r, 'new_received')).toEqual([821, 35, null, null, 2, 1, 859]);
    expect(t3Row(r, 'granted')).toEqual([258, 12, null, null, 1, 1, null]);
    expect(r.cell_states['t3.granted.total']).toBe('blank');
    expect(t3Row(r, 'total_processed')).toEqual([767, 35, null, null, 2, 1, 805]);
    expect(t3Row(r, 'carried_forward')).toEqual([72, null, null, null, null, null, 72]);
  });
  it('reads table 二 through colspan, including the procurement amount with its unit', () => {
    expect([
      r.cells['t2.regulations.made'],
      r.cells['t2.regulations.published'],
      r.cells['t2.regulations.public_total'],
    ]).toEqual([13, 13, 524]);
    expect([
      r.cells['t2.normative_docs.public_total'],
      r.cells['t2.licensing.decisions'],
      r.cells['t2.procurement.projects'],
      r.cells['t2.procurement.amount'],
    ]).toEqual([368, 0, 6, 251000]);
  });
  it('reads table 四 and passes every identity it can test', () => {
    expect(t4Values(r)).toEqual([5, null, null, 2, 7, 8, null, null, 1, 9, null, null, null, null, null]);
    expect(r.checks.length).toBeGreaterThan(10);
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(r.problems.some((p) => p.startsWith('identities not testable'))).toBe(true);
  });
});

describe('平潭 2019–2024 (crawler text, cells run together)', () => {
  it('2021: splits every table 三 and 四 row the identities force, and flags the table 二 row they cannot', () => {
    const r = parseFile('corpus/raw/fj_pingtan_2021_gwh.txt');
    expect([r.agency, r.year, r.template]).toEqual(['平潭综合实验区', 2021, '2021']);
    expect(t3Row(r, 'new_received')).toEqual([64, 0, 0, 2, 0, 4, 70]);
    expect(t3Row(r, 'granted')).toEqual([27, 0, 0, 2, 0, 1, 30]);
    expect(t3Row(r, 'partially_granted')).toEqual([5, 0, 0, 0, 0, 0, 5]); // '500000 5': a stray space
    expect(t3Row(r, 'unable_not_held')).toEqual([22, 0, 0, 0, 0, 3, 25]);
    expect(t3Row(r, 'total_processed')).toEqual([63, 0, 0, 2, 0, 4, 69]);
    expect(t4Values(r)).toEqual([1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]);
    expect(r.cells['t2.licensing.decisions']).toBe(2293);
    expect(r.cells['t2.fees.amount_10k_yuan']).toBe(24252.311082);
    expect(r.cells['t2.normative_docs.in_force']).toBeNull();
    expect(r.cell_states['t2.normative_docs.in_force']).toBe('ambiguous');
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(r.status).toBe('partial');
  });

  it('2019: splits "230 000023" with its space as a boundary; 政府集中采购 and (八) 350 stay ambiguous', () => {
    const r = parseFile('corpus/raw/fj_pingtan_2019_gwh.txt');
    expect(r.template).toBe('2019');
    expect(t3Row(r, 'new_received')).toEqual([23, 0, 0, 0, 0, 0, 23]);
    expect(t3Row(r, 'other_handling')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect([r.cells['t2.fees.prev_items'], r.cells['t2.fees.change']]).toEqual([null, null]);
    expect([r.cells['t2.procurement.projects'], r.cells['t2.procurement.amount']]).toEqual([null, null]);
    expect([
      r.cells['t2.regulations.made'],
      r.cells['t2.regulations.published'],
      r.cells['t2.regulations.public_total'],
    ]).toEqual([0, 0, 0]);
  });

  it('2020: the report itself breaks an identity (results add to 26, 总计 says 20): flagged, not fixed', () => {
    const r = parseFile('corpus/raw/fj_pingtan_2020_gwh.txt');
    expect(r.cells['t3.total_processed.natural_person']).toBe(20);
    const failed = r.checks.filter((c) => !c.ok).map((c) => c.id);
    expect(failed).toContain('t3.results.natural_person');
    expect(r.problems.some((p) => p.startsWith('identity fails: t3.results.natural_person'))).toBe(true);
    expect(r.status).toBe('partial');
  });

  it.each(['2023', '2024'])('%s: table 三 and 四 split cleanly with all identities holding', (year) => {
    const r = parseFile(`corpus/raw/fj_pingtan_${year}_gwh.txt`);
    expect(r.year).toBe(Number(year));
    expect(r.checks).toHaveLength(42);
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(Object.entries(r.cell_states).filter(([k, s]) => k.startsWith('t3.') && s !== 'split')).toEqual([]);
  });

  it('2024: "社会公益 组织" and "本年度办 理结果" broken by spaces do not hide the rows', () => {
    const r = parseFile('corpus/raw/fj_pingtan_2024_gwh.txt');
    expect(t3Row(r, 'new_received')).toEqual([217, 1, 0, 0, 0, 0, 218]);
  });
});

describe('page excerpts (raw_partial): the cells present, and what is missing', () => {
  it('traditional characters with pinyin glosses: table 二 read, the cut-off row keeps its leading cells', () => {
    const r = parseFile('corpus/raw_partial/gd_tan007_trad_2xxx_kgsxj_pages.txt');
    expect(r.template).toBe('2021');
    expect([
      r.cells['t2.normative_docs.issued'],
      r.cells['t2.normative_docs.repealed'],
      r.cells['t2.normative_docs.in_force'],
    ]).toEqual([2, 0, 4]);
    expect(t3Row(r, 'denied_internal_affairs')).toEqual([0, 0, 0, 0, 0, null, null]);
    expect(r.cell_states['t3.denied_internal_affairs.total']).toBe('missing');
    expect(r.cell_states['t3.denied_process_info.total']).toBe('missing');
    expect(r.problems.some((p) => p.includes('rows not found'))).toBe(true);
    expect(r.status).toBe('partial');
  });

  it('抚远 (traditional mirror): fee 26.55 万元, region from the text', () => {
    const r = parseFile('corpus/raw_partial/hlj_fuyuan_2022_zrzyj_trad_pages.txt');
    expect([
      r.cells['t2.licensing.decisions'],
      r.cells['t2.punishment.decisions'],
      r.cells['t2.fees.amount_10k_yuan'],
    ]).toEqual([76, 2, 26.55]);
    expect(r.region_code).toBe('230883');
    expect(r.year).toBe(2022);
  });

  it('"/" cells are blanks, and a lone "|" line is an empty cell (延安 统计局)', () => {
    const r = parseFile('corpus/raw_partial/sn_yanan_qu_2023_tjj_pages.txt');
    expect([r.cells['t2.regulations.issued'], r.cell_states['t2.regulations.issued']]).toEqual([null, 'blank']);
    expect(t3Row(r, 'new_received')).toEqual([null, null, null, null, null, null, 0]);
  });

  it('empty cells omitted entirely (雄县): a lone 0 for three columns is not placed by guess', () => {
    const r = parseFile('corpus/raw_partial/hb_xiongxian_2019_xiang_pages.txt');
    expect(r.template).toBe('2019');
    expect(r.cell_states['t2.regulations.made']).toBe('ambiguous');
    expect(r.cells['t2.regulations.made']).toBeNull();
    expect(t3Row(r, 'new_received')).toEqual([null, null, null, null, null, null, null]);
  });

  it('flipbook page with only table 四 (文登 信访局): title from the page header, region 371003', () => {
    const r = parseFile('corpus/raw_partial/sd_weihai_wendeng_2022_xfj_flipbook_p8_pages.txt');
    expect([r.agency, r.year, r.region_code]).toEqual(['威海市文登区信访局', 2022, '371003']);
    expect(t4Values(r)).toEqual(Array(15).fill(0));
    expect(r.tables).toEqual({ t2: false, t3: false, t4: true });
    expect(r.checks.filter((c) => c.id.startsWith('t4.')).every((c) => c.ok)).toBe(true);
  });

  it('markdown-like pipe rows with merged-cell residue (长春)', () => {
    const r = parseFile('corpus/raw_partial/jl_changchun_tyjrswj_2023_pages.txt');
    expect(r.template).toBe('2021');
    expect([r.cells['t2.regulations.issued'], r.cells['t2.normative_docs.in_force']]).toEqual([0, 0]);
    expect(r.tables.t3).toBe(true);
  });

  it('a street office resolves to its county (驼峰路街道 → 榆阳区 610802); the year comes from the text', () => {
    const r = parseFile('corpus/raw_partial/sn_yulin_yuyang_tuofenglu_2020_jd_pages.txt');
    expect([r.agency, r.region_code, r.year]).toEqual(['驼峰路街道办事处', '610802', 2020]);
    expect(r.problems).toContain('year 2020 taken from the text, not the title');
  });

  it('Hubei variant in traditional characters: 規範性檔案, a mirror rendering of 规范性文件, still found', () => {
    const r = parseFile('corpus/raw_partial/hb_wuhan_sthjj_2020_trad_pages.txt');
    expect([
      r.cells['t2.normative_docs.made'],
      r.cells['t2.normative_docs.published'],
      r.cells['t2.normative_docs.public_total'],
    ]).toEqual([2, 2, 19]);
  });
});
