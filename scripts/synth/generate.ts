/**
 * The national synthetic corpus: N reports, deterministic by seed, each with the outcome the parser should
 * reach recorded beside it (manifest.jsonl). A known fraction is broken on purpose.
 */
import iconv from 'iconv-lite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { divisionByCode } from '../../src/parse/region.js';
import type { TemplateId } from '../../src/domain/template.js';
import { synthAgency, type SynthAgency } from './agencies.js';
import { synthNumbers, type Cells } from './numbers.js';
import { Random } from './random.js';
import { docxOf, xlsxOf } from './office.js';
import { crawled, LAYOUTS, OFFICE_LAYOUTS, PRINT_LAYOUTS, render, tables, type Block, type Layout } from './render.js';

export type Broken = 'none' | 'identity' | 'missing_table' | 'cut' | 'no_tables' | 'empty' | 'binary';

export interface Truth {
  file: string;
  agency: string;
  kind: SynthAgency['kind'];
  region_code: string;
  year: number;
  template: TemplateId;
  layout: Layout;
  /** A text file's encoding; `PDF` for the printed layouts. */
  encoding: 'UTF-8' | 'GB18030' | 'PDF';
  broken: Broken;
  expected_status: 'ok' | 'partial' | 'failed';
  /** The publication date the page states (only the `page` layout states one). */
  published_on: string | null;
  /** Every cell as the parser should report it (null where the report leaves a zero blank). Omitted when broken. */
  cells?: Record<string, number | null>;
}

export interface SynthReport {
  truth: Truth;
  bytes: Uint8Array;
}

const BROKEN: [Broken, number][] = [
  ['identity', 0.02],
  ['missing_table', 0.01],
  ['cut', 0.01],
  ['no_tables', 0.005],
  ['empty', 0.0025],
  ['binary', 0.0025],
];

function narrative(agency: SynthAgency, year: number, rng: Random): string {
  const county = divisionByCode(agency.region);
  const city = divisionByCode(agency.region.slice(0, 4));
  const province = divisionByCode(agency.region.slice(0, 2));
  const chain = [
    province?.name,
    city && !/市辖区|县|直辖/.test(city.name) ? city.name : '',
    agency.region.endsWith('00') ? '' : county?.name,
  ]
    .filter(Boolean)
    .join('');
  return [
    '一、总体情况',
    `${year}年，${agency.name}按照${chain}关于政务公开工作的部署，认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。`,
    `（一）主动公开情况。全年主动公开政府信息${rng.int(5, 900)}条，通过门户网站、政务新媒体等渠道发布。`,
    `（二）依申请公开情况。严格按照法定时限答复，确保每一件申请依法办理。`,
  ].join('\n');
}

const CLOSING = [
  '五、存在的主要问题及改进情况',
  '政务公开工作仍存在一些不足，下一步将进一步完善工作机制。',
  '六、其他需要报告的事项',
  '本年度未收取信息处理费。',
].join('\n');

/** Where a cut-off report ends: inside table 三, as an excerpt cut mid-table does. */
const CUT_AT = '5.属于三类内部事务信息';

/** The blocks up to the row that starts with `label`, that row keeping only its label. */
function cutBlocks(blocks: Block[], label: string): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.kind === 'table') {
      const at = b.rows.findIndex((r) => r.some((c) => c.startsWith(label)));
      if (at >= 0) {
        const row = b.rows[at];
        out.push({ ...b, rows: [...b.rows.slice(0, at), row.slice(0, row.findIndex((c) => c.startsWith(label)) + 1)] });
        return out;
      }
    }
    out.push(b);
  }
  return out;
}

/** A report whose body, year and publication date are set by the caller (the registry corpus), always intact. */
export interface FixedReport {
  agency: SynthAgency;
  year: number;
  publishedOn: string;
}

export interface SynthContent {
  /** What the parser should conclude, the file named for the layout. */
  truth: Truth;
  /** The report as paragraphs and tables, before a layout serialises it (and before a `cut` report is cut). */
  blocks: Block[];
  /** The date a `page` states. */
  publishedOn: string;
  /** The report's random source, drawn past the content: what a layout decides on its own comes from here. */
  rng: Random;
}

/**
 * Everything about report `index` but its bytes: the agency, year, numbers, blocks and truth. `layout` replaces
 * the random pick (still drawn, so the rest of the report is the same); a printed layout (`pdf-print`, `scan`) is
 * only ever intact or broken in an identity, as a PDF cut short or emptied is another problem.
 */
export function synthContent(index: number, seed: number, layout?: Layout, fixed?: FixedReport): SynthContent {
  const rng = new Random(seed * 1_000_003 + index * 7919 + 17);
  const drawnAgency = synthAgency(rng);
  const drawnYear = rng.int(2019, 2025);
  const agency = fixed?.agency ?? drawnAgency;
  const year = fixed?.year ?? drawnYear;
  const template: TemplateId = year >= 2021 ? '2021' : '2019';
  const picked = rng.pick(LAYOUTS);
  layout ??= picked;
  const printed = (PRINT_LAYOUTS as Layout[]).includes(layout);
  let r = rng.next();
  let broken: Broken = 'none';
  for (const [b, p] of BROKEN) {
    if (r < p) {
      broken = b;
      break;
    }
    r -= p;
  }
  if ((printed && broken !== 'identity') || fixed) broken = 'none';
  const html = layout === 'html' || layout === 'page';
  const office = OFFICE_LAYOUTS.includes(layout);
  const encoding = printed ? 'PDF' : !html && !office && rng.chance(0.05) ? 'GB18030' : 'UTF-8';
  const ext = printed ? 'pdf' : office ? layout : html ? 'html' : layout === 'markdown' ? 'md' : 'txt';
  const file = `${String(agency.region).slice(0, 2)}/${String(index).padStart(7, '0')}_${year}.${ext}`;
  const cells: Cells = synthNumbers(template, agency.kind, rng);
  // Some HTML reports leave zero cells empty (as 上海 does): the truth is a blank, not a 0.
  const blankZeros = html && rng.chance(0.3);
  const expected: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(cells))
    expected[k] = blankZeros && v === 0 && /^t3\./.test(k) && !k.endsWith('.total') ? null : v;
  if (broken === 'identity') cells['t3.granted.natural_person'] += 1;
  const show = (k: string) => (expected[k] === null && broken !== 'identity' ? '' : String(cells[k]));

  const title = rng.chance(0.2)
    ? `${agency.name}\n${year}年政府信息公开工作年度报告`
    : `${agency.name}${year}年${rng.chance(0.5) ? '度' : ''}政府信息公开工作年度报告`;
  let blocks: Block[] = [
    { kind: 'text', text: title },
    { kind: 'text', text: narrative(agency, year, rng) },
    ...tables(template, cells, show),
    { kind: 'text', text: CLOSING },
  ];
  if (broken === 'missing_table') blocks = blocks.filter((_b, i) => !(i >= 6 && i <= 7));
  if (broken === 'no_tables') blocks = [blocks[0], blocks[1], { kind: 'text', text: CLOSING }];
  const drawnOn = `${year + 1}-01-${String(rng.int(10, 31)).padStart(2, '0')}`;
  const publishedOn = fixed?.publishedOn ?? drawnOn;

  const expectedStatus =
    broken === 'none'
      ? 'ok'
      : broken === 'empty' || broken === 'binary' || broken === 'no_tables'
        ? 'failed'
        : 'partial';
  const truth: Truth = {
    file,
    agency: agency.name,
    kind: agency.kind,
    region_code: agency.region,
    year,
    template,
    layout,
    encoding,
    broken,
    expected_status: expectedStatus,
    published_on: layout === 'page' || layout === 'crawl' ? publishedOn : null,
    cells: broken === 'none' ? expected : undefined,
  };
  return { truth, blocks, publishedOn, rng };
}

export function synthReport(index: number, seed: number, pick?: Layout, fixed?: FixedReport): SynthReport {
  const { truth, blocks, publishedOn, rng } = synthContent(index, seed, pick, fixed);
  const { layout, broken } = truth;
  let bytes: Uint8Array;
  if (OFFICE_LAYOUTS.includes(layout)) {
    const kept = broken === 'cut' ? cutBlocks(blocks, CUT_AT) : blocks;
    bytes = layout === 'docx' ? docxOf(kept) : xlsxOf(kept);
  } else {
    const title = (blocks[0] as { text: string }).text;
    let text =
      layout === 'crawl'
        ? crawled(blocks, { title, publishedOn }, rng)
        : render(blocks, layout, { agency: truth.agency, year: truth.year, publishedOn });
    if (broken === 'cut') {
      const at = text.indexOf(CUT_AT);
      text = text.slice(0, at > 0 ? at + 15 : Math.floor(text.length / 2));
    }
    bytes = truth.encoding === 'GB18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
  }
  if (broken === 'empty') bytes = new Uint8Array();
  if (broken === 'binary') bytes = Uint8Array.from({ length: 2048 }, () => rng.int(0, 255));
  return { truth, bytes };
}

export function writeCorpus(out: string, reports: number, seed: number, withCells = false): Truth[] {
  const truths: Truth[] = [];
  const lines: string[] = [];
  mkdirSync(out, { recursive: true });
  for (let i = 0; i < reports; i++) {
    const { truth, bytes } = synthReport(i, seed);
    const path = join(out, truth.file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
    truths.push(truth);
    lines.push(JSON.stringify(withCells ? truth : { ...truth, cells: undefined }));
  }
  writeFileSync(join(out, 'manifest.jsonl'), lines.join('\n') + '\n');
  return truths;
}
