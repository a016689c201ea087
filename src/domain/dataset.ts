/**
 * The Parquet files Gongkai publishes, described once: the writer creates them from this, and the data
 * dictionary (docs/data.md) is generated from it, so the two cannot drift apart.
 */
import { ALL_CELL_KEYS, cellsOf, type CellDef } from './template.js';

export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR[]';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  zh: string;
  en: string;
}

export interface TableSchema {
  name: string;
  /** Where the table is published, under the data folder: a file, or for a table in parts, their glob. */
  file: string;
  /** Published one file per province (see partFile): a build rewrites only the provinces whose reports changed. */
  partitioned?: true;
  zh: string;
  en: string;
  /** Sort order of the rows (part of the byte-for-byte reproducibility). */
  orderBy: string;
  /**
   * `orderBy` ends in a key no two rows share, so the rows have one order however many threads sort them: the
   * writer sorts such a table on every core (pipeline/parquet.ts).
   */
  orderIsUnique?: true;
  columns: ColumnSpec[];
}

/** The Parquet key-value metadata entry that names the build a file came from. */
export const BUILD_KEY = 'gongkai_build';

/**
 * The long tables (200 million cells and 40 million checks nationally) are published one file per province, the
 * first two digits of the report's region code, and `unplaced` for reports without one: a week's new reports
 * from one province then rewrite that province's file, not the nation's (see pipeline/parts.ts).
 */
export const UNPLACED_PART = 'unplaced';
export const partOf = (regionCode: string | null): string => (regionCode ? regionCode.slice(0, 2) : UNPLACED_PART);
/** `partOf` in SQL, over a table with a `region_code` column. */
export const PART_SQL = `coalesce(left(region_code, 2), '${UNPLACED_PART}')`;
/** A part's file under the data folder: `cells/32.parquet`. */
export const partFile = (table: TableSchema, part: string, ext = 'parquet'): string => `${table.name}/${part}.${ext}`;

const c = (name: string, type: ColumnType, zh: string, en: string): ColumnSpec => ({ name, type, zh, en });

/** Wide-table column name of a cell key: `t3.new_received.total` → `t3_new_received_total`. */
export const wideColumn = (key: string): string => key.replace(/\./g, '_');

const cellDefs = new Map<string, CellDef>();
for (const t of ['2021', '2019'] as const) for (const d of cellsOf(t)) if (!cellDefs.has(d.key)) cellDefs.set(d.key, d);

export const cellLabel = (key: string): { zh: string; en: string } => {
  const d = cellDefs.get(key)!;
  return { zh: `${d.table.zh} · ${d.row.zh} · ${d.column.zh}`, en: `${d.table.en} · ${d.row.en} · ${d.column.en}` };
};

/**
 * How much a report's tables must say, in bits (the sum over its cells of log2(1 + value)), before tables that
 * match another report's make it a copy (`copy_of`). Tables that say little (a request or two granted, a few
 * documents in force) agree by chance, and calling one a copy accuses a body of what it did not do. The more
 * reports a match could have come from, the likelier chance is: the same body's previous year or a body of the same
 * division (a few dozen) need less than a body anywhere in the nation (150,000). The national bench's synthetic
 * reports copy nothing, yet 259,000 pairs of primary reports shared their tables; the most their tables said was
 * 10 bits for a body's two years, 15 for two bodies of one division, 17 within a prefecture, 24 across provinces.
 * A real copy of a county department's report says far more (淮安's 2024: 463 bits; the median synthetic report 26).
 */
export const COPY_EVIDENCE_BITS = { sameDivision: 20, elsewhere: 32 } as const;

/** The rule a copy meets, said once for the data dictionary and the region pages: completes "when …" / "…时". */
export const COPY_RULE = {
  zh: `表格数字与同一机关上一年度、或同年度另一机关的报告逐一相同，且数字多到不会是巧合（各单元格 log2(1+数值) 之和：同一区划内不少于 ${COPY_EVIDENCE_BITS.sameDivision}，跨区划不少于 ${COPY_EVIDENCE_BITS.elsewhere}；全零或仅有一两件申请的表格各机关常常偶然相同，不算照抄）`,
  en: `its tables repeat, number for number, the same body's previous year or another body's report of that year, with too many numbers for chance (the sum over cells of log2(1 + value) is at least ${COPY_EVIDENCE_BITS.sameDivision} within one division, ${COPY_EVIDENCE_BITS.elsewhere} across divisions; tables of zeros or of a request or two often agree by chance and are never called copies)`,
} as const;

/** What a report row's tables say, in bits (see COPY_EVIDENCE_BITS), as SQL over the reports table `alias`. */
export const tableBitsSql = (alias: string): string =>
  WIDE_CELL_COLUMNS.map((c) => `log2(1 + greatest(coalesce(${alias}.${c.name}, 0), 0))`).join(' + ');

export const REPORT_COLUMNS: ColumnSpec[] = [
  c(
    'report_id',
    'VARCHAR',
    '报告编号（文件路径的 SHA-256 前 16 位）',
    'Report id (first 16 hex of the SHA-256 of the file path)',
  ),
  c(
    'region_code',
    'VARCHAR',
    '所属行政区划代码（GB/T 2260，6 位），无法确定时为空',
    'GB/T 2260 code of the smallest division the agency belongs to; null when it cannot be told',
  ),
  c('year', 'INTEGER', '报告所属年度', 'Year the report covers'),
  c('agency', 'VARCHAR', '报告机关（标题所写）', 'Reporting body as written in the title'),
  c(
    'agency_id',
    'VARCHAR',
    '机关编号（机关名录 data/agencies/registry.csv 中的稳定编号，改名不变；名录未收的机关为构建提议的编号），网站机关页面用',
    'Body id: the stable id of the agency registry (data/agencies/registry.csv), unchanged by renames; a body the registry does not list gets the id the build proposes; the site’s agency pages use it',
  ),
  c('agency_name', 'VARCHAR', '机关名录中的规范名称', 'The body’s canonical name in the registry'),
  c(
    'region_code_as_written',
    'VARCHAR',
    '报告所写的区划代码（已撤销或改代码的区划，如莱芜市 371200；region_code 为今日代码）',
    'The division code as the report names it (a former division such as 莱芜市 371200; region_code is today’s)',
  ),
  c('region_name', 'VARCHAR', '行政区划名称', 'Name of that division'),
  c('province_code', 'VARCHAR', '省级代码（6 位）', 'Province-level code (6 digits)'),
  c(
    'city_code',
    'VARCHAR',
    '地级代码（6 位），省级机关为空',
    'Prefecture-level code (6 digits); null for province-level bodies',
  ),
  c(
    'county_code',
    'VARCHAR',
    '县级代码（6 位），地级以上机关为空',
    'County-level code (6 digits); null above county level',
  ),
  c(
    'status',
    'VARCHAR',
    '解析状态：ok 全部表格找到且勾稽关系全部成立；partial 有缺失或不成立；failed 无法读取任何表格',
    'ok: every table found and every identity holds; partial: something missing or an identity fails; failed: no table could be read',
  ),
  c(
    'is_primary',
    'BOOLEAN',
    '是否为该机关该年度的主报告（重复或同机关同年度的其他文件为 false，汇总时只计主报告）',
    'The report counted for its agency and year (duplicates and rival copies are false; aggregates count primary reports only)',
  ),
  c(
    'duplicate_of',
    'VARCHAR',
    '非主报告时，主报告的编号',
    'For a non-primary report, the report_id of the primary one',
  ),
  c(
    'copy_of',
    'VARCHAR',
    `${COPY_RULE.zh}时，被照抄报告的编号`,
    `When ${COPY_RULE.en}, the report_id of the one copied`,
  ),
  c(
    'template',
    'VARCHAR',
    '表格格式：2021（国办公开办函〔2021〕30号）或 2019（〔2019〕60号）',
    'Table format: 2021 (国办公开办函〔2021〕30号) or 2019 (〔2019〕60号)',
  ),
  c('title', 'VARCHAR', '报告标题（去除空白）', 'Report title as written, whitespace removed'),
  c('checks_total', 'INTEGER', '检验的勾稽关系数', 'Accounting identities tested'),
  c('checks_failed', 'INTEGER', '不成立的勾稽关系数', 'Identities that fail'),
  c('cells_total', 'INTEGER', '报告所含表格的单元格数', 'Cells of the tables present'),
  c(
    'cells_null',
    'INTEGER',
    '无数字的单元格数（空白、缺失、歧义）',
    'Cells without a number (blank, missing, ambiguous)',
  ),
  c('cells_nonzero', 'INTEGER', '非零数字的单元格数', 'Cells with a number other than 0'),
  c(
    'tables_md5',
    'VARCHAR',
    '表格全部单元格（键=值，按键排序）的 MD5：相同者表格逐数相同',
    'MD5 of every table cell (key=value, sorted by key): equal values mean number-for-number equal tables',
  ),
  c(
    'problems',
    'VARCHAR[]',
    '读者应知的问题（缺表、区划不明、歧义、勾稽不符等）',
    'Everything a reader should know: missing tables, unknown region, ambiguous cells, failed identities',
  ),
  c(
    'messages',
    'VARCHAR[]',
    '同一问题的结构化形式（与 problems 一一对应）：每项为 JSON {"code", "params"}，代码及其中英文措辞见 src/domain/messages.ts；网站据此以读者所选语言显示',
    'The same problems as data, one per entry of problems: each a JSON object {"code", "params"}; the codes and their Chinese and English wording are in src/domain/messages.ts, from which the site shows them in the reader’s language',
  ),
  c('file', 'VARCHAR', '源文件路径（相对 data/reports）', 'Source file path (relative to data/reports)'),
  c('sha256', 'VARCHAR', '源文件字节的 SHA-256', 'SHA-256 of the source file bytes'),
  c('bytes', 'BIGINT', '源文件大小（字节）', 'Source file size in bytes'),
  c('encoding', 'VARCHAR', '识别出的文本编码', 'Text encoding detected'),
  c(
    'format',
    'VARCHAR',
    '文件格式（按内容识别）：text、html、mht（单文件网页）、pdf、pdf-scan（扫描件，经 OCR 读取或无法读取）、docx、doc、wps（WPS 文字）、xlsx、xls（含 WPS 表格）；无法读取时另有 zip、ole 或空',
    'File format, told from the content: text, html, mht (single-file page), pdf, pdf-scan (scanned: read by OCR, or unreadable), docx, doc, wps (WPS Writer), xlsx, xls (WPS spreadsheets too); for a file that could not be read also zip, ole or null',
  ),
  c(
    'published_on',
    'VARCHAR',
    '页面所载发布日期（发布日期/发布时间/时间，YYYY-MM-DD），无则为空',
    'Publication date the page states (发布日期, 发布时间, 时间), YYYY-MM-DD; null when it states none',
  ),
  c(
    'signed_on',
    'VARCHAR',
    '报告落款日期（YYYY-MM-DD），无则为空',
    'Date under the report’s signature (落款), YYYY-MM-DD; null when absent',
  ),
  c('index_no', 'VARCHAR', '页面所载索引号（照录）', 'The page’s 索引号 (index number) as written'),
  c('publisher', 'VARCHAR', '页面所载发布机构（照录）', 'The page’s 发布机构 (publishing body) as written'),
  c('signed_by', 'VARCHAR', '落款机关（照录）', 'The body named in the signature (落款), as written'),
  c('source_url', 'VARCHAR', '报告原始网址（如有）', 'Where the report was published, when known'),
  c(
    'fetched_at',
    'VARCHAR',
    '收集（gongkai collect）时最后一次取得或确认此文件的时间（ISO 8601 UTC）；非收集所得为空',
    'When `gongkai collect` last fetched or confirmed this file (ISO 8601 UTC); null for reports not collected',
  ),
  c(
    'revised',
    'BOOLEAN',
    '发布后被修改：再次收集时此文件字节已变（数字的变化见 revisions）；非收集所得为空',
    'Changed after publication: a later collection found other bytes at its address (the numbers that changed are in revisions); null for reports not collected',
  ),
  c(
    'removed',
    'BOOLEAN',
    '已从网站撤下：最近一次收集时其页面返回 404/410，或栏目已不再列出；数据保留；非收集所得为空',
    'Gone from its site: its page answered 404/410, or its column no longer lists it, at the latest collection; the data is kept; null for reports not collected',
  ),
  c('parser_version', 'VARCHAR', '解析器版本', 'Parser version'),
];

export const WIDE_CELL_COLUMNS: ColumnSpec[] = ALL_CELL_KEYS.map((k) => {
  const l = cellLabel(k);
  return c(wideColumn(k), 'DOUBLE', `${l.zh}（单元格 ${k}）`, `${l.en} (cell ${k})`);
});

export const TABLES: TableSchema[] = [
  {
    name: 'reports',
    file: 'reports.parquet',
    zh: '报告（每个源文件一行，含全部单元格的宽表）',
    en: 'Reports: one row per source file, with every cell as a column',
    orderBy: 'region_code NULLS LAST, year NULLS LAST, agency NULLS LAST, file',
    orderIsUnique: true,
    columns: [...REPORT_COLUMNS, ...WIDE_CELL_COLUMNS],
  },
  {
    name: 'cells',
    file: 'cells/*.parquet',
    partitioned: true,
    zh: '单元格（长表：每个报告每个单元格一行）',
    en: 'Cells: one row per report and cell',
    orderBy: 'region_code NULLS LAST, year NULLS LAST, report_id, key',
    orderIsUnique: true,
    columns: [
      c('report_id', 'VARCHAR', '报告编号', 'Report id'),
      c('region_code', 'VARCHAR', '行政区划代码', 'Region code'),
      c('year', 'INTEGER', '年度', 'Year'),
      c(
        'key',
        'VARCHAR',
        '单元格键，如 t3.new_received.total（见下表）',
        'Canonical cell key, e.g. t3.new_received.total (see below)',
      ),
      c(
        'value',
        'DOUBLE',
        '报告所写数字；无数字时为空（绝不以 0 代替）',
        'The number the report states; null when it states none (never 0 instead)',
      ),
      c('state', 'VARCHAR', '单元格状态（见下）', 'Cell state (see below)'),
      c(
        'source_line',
        'INTEGER',
        '数字在报告文本中的行号：纯文本为文件自身的行，网页、PDF、Word、Excel 为读出的行（网站所示报告原文即按此编号）',
        "Line of the number in the report's text: a plain text file's own line; for a page, PDF, Word or Excel file, the row its reader rebuilt (the report text the site shows is numbered so)",
      ),
    ],
  },
  {
    name: 'checks',
    file: 'checks/*.parquet',
    partitioned: true,
    zh: '勾稽关系检验（每个报告每条关系一行）',
    en: 'Identity checks: one row per report and identity tested',
    // By region and year, as cells: a region's checks are a run of row groups, read without the rest.
    orderBy: 'region_code NULLS LAST, year NULLS LAST, report_id, check_id',
    orderIsUnique: true,
    columns: [
      c('report_id', 'VARCHAR', '报告编号', 'Report id'),
      c('region_code', 'VARCHAR', '行政区划代码（同报告）', 'Region code (the report’s)'),
      c('year', 'INTEGER', '年度（同报告）', 'Year (the report’s)'),
      c('check_id', 'VARCHAR', '勾稽关系编号，如 t3.balance.total', 'Identity id, e.g. t3.balance.total'),
      c('ok', 'BOOLEAN', '是否成立', 'Whether it holds'),
      c('detail', 'VARCHAR', '算式与结果', 'The sums as computed'),
    ],
  },
  {
    name: 'agencies',
    file: 'agencies.parquet',
    zh: '机关名录（名录所列及本次构建提议的机关）',
    en: 'Agency registry: the bodies the registry lists and those this build proposes',
    orderBy: 'region_code NULLS LAST, id',
    columns: [
      c('id', 'VARCHAR', '机关编号（稳定，改名不变）', 'Body id (stable across renames)'),
      c('name', 'VARCHAR', '规范名称', 'Canonical name'),
      c('variants', 'VARCHAR[]', '曾用及其他写法', 'Former names and other spellings'),
      c('region_code', 'VARCHAR', '所属行政区划代码', 'Region code'),
      c('level', 'VARCHAR', '层级：province、city、county、township', 'Level: province, city, county, township'),
      c(
        'kind',
        'VARCHAR',
        '类型：government 政府、department 部门、township 乡镇街道、zone 功能区、other',
        'Kind: government, department, township (township or street), zone (functional zone), other',
      ),
      c('parent', 'VARCHAR', '上级机关编号', 'Id of the body it belongs to'),
      c(
        'first_year',
        'INTEGER',
        '应发布年报的首个年度（空为不限）',
        'First report year it is expected to publish (null: open)',
      ),
      c(
        'last_year',
        'INTEGER',
        '应发布年报的最后年度（空为至今）',
        'Last report year it is expected to publish (null: to date)',
      ),
      c('proposed', 'BOOLEAN', '名录未收、由本次构建提议', 'Not in the registry: proposed by this build'),
      c('note', 'VARCHAR', '说明', 'Note'),
    ],
  },
  {
    name: 'publications',
    file: 'publications.parquet',
    zh: '发布记录（每个机关每个年度一行：已发布、逾期发布、未找到）',
    en: 'Publication record: one row per body and report year — published, late, or not found',
    orderBy: 'agency_id, year',
    columns: [
      c('agency_id', 'VARCHAR', '机关编号', 'Body id'),
      c('year', 'INTEGER', '报告年度', 'Report year'),
      c(
        'status',
        'VARCHAR',
        '状态：published 按期发布；late 逾期发布；published_date_unknown 已发布但页面未载日期；not_found 未找到该年度报告',
        'published: on time; late: after the deadline; published_date_unknown: found, but the input states no date; not_found: no report for that year in the data',
      ),
      c('report_id', 'VARCHAR', '主报告编号', 'The primary report'),
      c('published_on', 'VARCHAR', '发布日期', 'Publication date'),
      c(
        'deadline',
        'VARCHAR',
        '法定期限（《政府信息公开条例》第四十九、五十条：部门次年1月31日前，政府次年3月31日前）',
        'Statutory deadline (Regulations on Open Government Information arts. 49–50: departments by 31 January, a government’s own report by 31 March of the following year)',
      ),
      c('days_late', 'INTEGER', '逾期天数', 'Days after the deadline'),
    ],
  },
  {
    name: 'revisions',
    file: 'revisions.parquet',
    zh: '发布后修改（再次收集时报告文件已变：每次修改每个数字变化的单元格一行）',
    en: 'Revisions: one row per cell whose number changed when a collected report came back with other bytes',
    orderBy: 'report_id, changed_seen, cell',
    columns: [
      c('report_id', 'VARCHAR', '报告编号（最新版本）', 'Report id (of the latest version)'),
      c('source_url', 'VARCHAR', '报告文件网址', 'Address of the report’s file'),
      c('cell', 'VARCHAR', '单元格键，如 t3.new_received.total', 'Cell key, e.g. t3.new_received.total'),
      c('old_value', 'DOUBLE', '修改前的数字（空：无数字）', 'The number before (null: none)'),
      c('new_value', 'DOUBLE', '修改后的数字（空：无数字）', 'The number after (null: none)'),
      c(
        'first_seen',
        'VARCHAR',
        '首次取得修改前版本的时间（ISO 8601 UTC）',
        'When the version before was first fetched (ISO 8601 UTC)',
      ),
      c(
        'changed_seen',
        'VARCHAR',
        '首次取得修改后版本的时间（ISO 8601 UTC）',
        'When the version after was first fetched (ISO 8601 UTC)',
      ),
      c('old_sha256', 'VARCHAR', '修改前文件的 SHA-256', 'SHA-256 of the file before'),
      c('new_sha256', 'VARCHAR', '修改后文件的 SHA-256', 'SHA-256 of the file after'),
    ],
  },
];

/** Columns of `reports` that explore may group by, with their labels: the only identifiers a built query names. */
export const GROUPABLE_COLUMNS: { column: string; zh: string; en: string }[] = [
  { column: 'year', zh: '年度', en: 'year' },
  { column: 'province_code', zh: '省', en: 'province' },
  { column: 'city_code', zh: '地级', en: 'prefecture' },
  { column: 'county_code', zh: '县级', en: 'county' },
  { column: 'agency', zh: '机关', en: 'body' },
  { column: 'template', zh: '表格格式', en: 'template' },
  { column: 'status', zh: '解析状态', en: 'parse status' },
];

const COLUMNS_BY_TABLE = new Map(TABLES.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

/**
 * A column name for SQL, from the allow-list the schema defines: built queries name only published columns,
 * and an unknown name is a programming error, not something to quote and pass on.
 */
export function columnIdentifier(name: string, table = 'reports'): string {
  if (!COLUMNS_BY_TABLE.get(table)?.has(name)) throw new Error(`not a column of ${table}: ${name}`);
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`;
}
