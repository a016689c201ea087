/**
 * Preset dictionaries for the JSON files the browser fetches (zlib, RFC 1950, with FDICT): what every file of a
 * kind has in common — a body's shard, its reports' texts, a series file, a search file — given to the compressor
 * up front, so the first report of a file is not paid for in full. A national site has 150,000 shards and as many
 * texts files, most of a few kilobytes, where deflate's window has little to refer back to. Against gzip alone,
 * on the national bench's bodies the texts are 28.5% smaller and the shards 14.3%; on Pingtan's real bodies,
 * whose texts are longer and less alike, 9.2% and 12.0% (2026-12-07).
 *
 * Each is derived from the template or the file's own type, never from a corpus, so it changes only with the code,
 * and the writer (src/site/pack.ts) and the reader (src/client/fetch-json.ts) always hold the same bytes. Deflate
 * codes a near match more cheaply than a far one, so what most reports share comes last.
 */
import { type BodyShard, type ShardPublication, type ShardReport } from './shard.js';
import type { SeriesFile } from './charts.js';
import type { SearchItem } from './search.js';
import { METRICS } from './metrics.js';
import { REPORT_SECTIONS, TEMPLATES, columnsOf, type TableSpec, type TemplateId } from './template.js';

/** A table as a report's text shows it (src/formats/display.ts): its header, then each row's label and cells. */
function tableLines(table: TableSpec): string[] {
  const lines = [table.zh];
  let header = '';
  for (const row of table.rows) {
    const columns = columnsOf(table, row);
    const heads = columns.map((c) => c.zh).join(' | ');
    if (heads !== header) lines.push((header = heads));
    // Table 三's labels carry their section number (三（一）予以公开) to stay unique; the report prints (一)….
    const label = row.zh.replace(/^三(?=（)/, '').split('·');
    lines.push(`${label.join(' | ')} | ${columns.map(() => '0').join(' | ')}`);
  }
  return lines;
}

/** The template's own wording around the tables, which every report that follows it prints. */
const TEMPLATE_WORDING = [
  '根据《中华人民共和国政府信息公开条例》',
  '政府信息公开工作年度报告',
  ...['一', '五', '六', '八', '九'].map((n) => `第二十条第（${n}）项`),
  '信息内容',
  '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  '申请人情况',
  '法人或其他组织',
  '三、本年度办理结果',
];

const tablesText = (id: TemplateId): string[] => {
  const t = TEMPLATES[id];
  return [...tableLines(t.t2), ...tableLines(t.t3), ...tableLines(t.t4)];
};

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** For `data/texts/<id>`: a JSON object of report texts, so the lines are written as JSON strings write them. */
export const TEXTS_DICTIONARY: Uint8Array = utf8(
  JSON.stringify(
    [...tablesText('2019'), ...REPORT_SECTIONS, ...TEMPLATE_WORDING, ...tablesText('2021')].join('\n'),
  ).slice(1, -1),
);

const REPORT_SHAPE: ShardReport = {
  report_id: '',
  year: 2021,
  title: '',
  agency: '',
  file: '',
  format: 'pdf',
  sha256: '',
  status: 'ok',
  is_primary: true,
  template: '2021',
  messages: [],
  published_on: null,
  signed_on: null,
  index_no: null,
  publisher: null,
  source_url: null,
  fetched_at: null,
  revised: false,
  removed: false,
  revisions: [],
  values: [0, 0, 0],
  lines: [0, 0, 0],
  states: {},
};
const PUBLICATION_SHAPE: ShardPublication = {
  year: 2021,
  status: 'published',
  report_id: '',
  published_on: '',
  deadline: '',
  days_late: null,
};
const points = METRICS.map((m) => [m.id, [{ year: 2021, value: 0 }]]);
const SHARD_SHAPE: BodyShard = {
  id: '',
  name: '',
  region_code: '',
  region_name: '',
  reports: [REPORT_SHAPE],
  publications: [PUBLICATION_SHAPE],
  metrics: Object.fromEntries(points),
  peers: { level: '', kind: '', metrics: Object.fromEntries(METRICS.map((m) => [m.id, []])) },
};

/** For `data/bodies/<id>`: the shard's keys in the order JSON.stringify writes them. */
export const SHARD_DICTIONARY: Uint8Array = utf8(JSON.stringify(SHARD_SHAPE));

const SERIES_SHAPE: SeriesFile = { code: '', name: { zh: '', en: '' }, metrics: Object.fromEntries(points) };
/** For `series/<code>`: a region's every metric by year. */
export const SERIES_DICTIONARY: Uint8Array = utf8(JSON.stringify(SERIES_SHAPE));

const SEARCH_SHAPE: SearchItem[] = [
  { kind: 'r', id: '', name: '', sub: '', py: '', ini: '' },
  { kind: 'a', id: '', name: '', sub: '', py: '', ini: '' },
];
/** For `search/<file>`: a list of regions or bodies. */
export const SEARCH_DICTIONARY: Uint8Array = utf8(JSON.stringify(SEARCH_SHAPE));
