/**
 * Every sentence the parser, the format readers and the checks tell a reader, as a code with parameters, and
 * its Chinese and English wording: a page renders a problem in its own language, the data keeps the code.
 *
 * Three renderings of one message: `zh` and `en` for pages (template labels in that language), and `contract`,
 * the English string `gongkai parse` has always printed in `problems` (labels as the parser wrote them), kept
 * byte for byte so outside checks do not shift.
 *
 * Template syntax: `{name}` is a parameter; `[[name|text]]` is `text` only when `name` is set (not 0, false,
 * empty). A parameter's kind says how it is shown: template labels (`table`, `row`, `rows`, `cells`,
 * `columns`, `identity`) come from template.ts in the page's language; `detail` (a library's own words, an
 * encoding, a file name) is shown as written and marked as code.
 */
import {
  cellsOf,
  identitiesOf,
  T3_COLUMNS,
  TEMPLATES,
  type Column,
  type Identity,
  type Label,
  type TemplateId,
} from './template.js';

export type Lang = 'zh' | 'en';
export type Style = Lang | 'contract';

type TableId = 't2' | 't3' | 't4';

/** An identity that could not be tested: some cells unsettled (their states), or one side blank. */
export interface Untestable {
  id: string;
  /** Unsettled cells, with their states; absent when one side was left blank. */
  count?: number;
  states?: string[];
}

interface Kinds {
  n: number;
  text: string;
  detail: string;
  bool: boolean;
  table: TableId;
  /** `2021/t3.granted`: a row of a table in a template; `2021/t4` is table 四 as a whole (its rows unlabelled). */
  row: string;
  rows: string[];
  cells: string[];
  columns: string[];
  identity: string;
  untestable: Untestable[];
  alternatives: string[];
}
type Kind = keyof Kinds;

interface Def<P extends Record<string, Kind>> {
  params: P;
  zh: string;
  en: string;
  /** The `problems` string of the parse contract, when it differs from `en`. */
  contract?: string;
}

const def = <P extends Record<string, Kind>>(d: Def<P>): Def<P> => d;
const none = {} as const;

export const MESSAGES = {
  // ------------------------------------------------------------------ reading the file
  'file.empty': def({ params: none, zh: '文件为空', en: 'empty file' }),
  'file.too_large': def({
    params: { bytes: 'n', max: 'n' },
    zh: '文件过大，不像一份报告（{bytes} 字节，上限 {max}）',
    en: 'file too large to be one report ({bytes} bytes > {max})',
  }),
  'file.no_text': def({ params: none, zh: '文件中没有文字', en: 'no text in file' }),
  'file.unreadable': def({
    params: { detail: 'detail' },
    zh: '无法读取文件：{detail}',
    en: 'cannot read file: {detail}',
  }),
  'file.binary_nul': def({
    params: none,
    zh: '二进制文件：含 NUL 字节，不是文本或网页报告',
    en: 'binary file: contains NUL bytes, not a text or HTML report',
  }),
  'file.binary': def({
    params: { encoding: 'detail' },
    zh: '二进制文件：无法作为文本读取（{encoding}）',
    en: 'binary file: not readable as text ({encoding})',
  }),
  'parser.error': def({ params: { detail: 'detail' }, zh: '解析程序出错：{detail}', en: 'parser error: {detail}' }),
  'parser.time_limit': def({
    params: { seconds: 'n' },
    zh: '解析超过 {seconds} 秒（每个文件的时间上限）后停止',
    en: 'parse stopped after {seconds} s (the time limit per file)',
  }),
  'parser.memory_limit': def({
    params: { mb: 'n' },
    zh: '解析占用内存超过 {mb} MB（每个文件的上限）后停止',
    en: 'parse stopped: over {mb} MB of memory (the limit per file)',
  }),
  'parser.worker_failed': def({
    params: { detail: 'detail' },
    zh: '解析进程出错而停止（{detail}）',
    en: "parse stopped: the parser's worker failed ({detail})",
  }),
  // ------------------------------------------------------------------ formats
  'pdf.async_only': def({
    params: none,
    zh: 'PDF 须用异步读取器读取（readDocumentAsync）',
    en: 'PDF: read with readDocumentAsync (the PDF reader is asynchronous)',
  }),
  'pdf.encrypted': def({
    params: none,
    zh: 'PDF 已加密：需要密码才能读取',
    en: 'encrypted PDF: a password is needed to read it',
  }),
  'pdf.corrupt': def({ params: { detail: 'detail' }, zh: 'PDF 文件已损坏：{detail}', en: 'corrupt PDF: {detail}' }),
  'pdf.scan_no_text': def({ params: none, zh: '扫描版 PDF：没有文字层', en: 'scanned PDF: no text layer' }),
  'pdf.scan_no_ocr': def({
    params: none,
    zh: '扫描版 PDF：没有文字层，且本机无法进行文字识别（请安装 tesseract-ocr 与 tesseract-ocr-chi-sim；GONGKAI_OCR=off 可关闭识别）',
    en:
      'scanned PDF: no text layer, and OCR is not available (install tesseract-ocr and tesseract-ocr-chi-sim; ' +
      'GONGKAI_OCR=off turns it off)',
  }),
  'pdf.page_limit': def({
    params: { pages: 'n', max: 'n' },
    zh: 'PDF 共 {pages} 页：只读取了前 {max} 页',
    en: 'PDF has {pages} pages: only the first {max} were read',
  }),
  'ocr.page_limit': def({
    params: { pages: 'n', max: 'n' },
    zh: '扫描页共 {pages} 页：只对前 {max} 页做了文字识别',
    en: '{pages} scanned pages: only the first {max} were read by OCR',
  }),
  'ocr.doubtful': def({
    params: { count: 'n', readings: 'detail' },
    zh: '文字识别：{count} 个数字每次读出不同，保留第一次读数：{readings}',
    en: 'OCR: {count} number(s) read differently each time, kept as first read: {readings}',
  }),
  'mht.no_boundary': def({
    params: none,
    zh: 'MHT 单文件网页缺少 MIME 分隔符',
    en: 'MHT saved page without a MIME boundary',
  }),
  'mht.no_html': def({ params: none, zh: 'MHT 单文件网页中没有 HTML 部分', en: 'MHT saved page with no HTML part' }),
  'ole.corrupt': def({
    params: { detail: 'detail' },
    zh: 'OLE 复合文件（.doc/.wps/.xls）已损坏：{detail}',
    en: 'corrupt OLE compound file (.doc/.wps/.xls): {detail}',
  }),
  'ole.not_office': def({
    params: none,
    zh: 'OLE 复合文件中既无 Word 文字流也无 Excel 工作簿（旧版 WPS 或其他文件）：无法读取，请另存为 .docx',
    en:
      'OLE compound file without a Word text stream or an Excel workbook (an old WPS or other document): ' +
      'not readable; save it as .docx',
  }),
  'doc.no_word_stream': def({
    params: none,
    zh: '旧版 Word（OLE）文件缺少可读的 WordDocument 流',
    en: 'legacy Word (OLE) document without a readable WordDocument stream',
  }),
  'doc.pre_word97': def({
    params: none,
    zh: '旧版 Word（OLE）文件早于 Word 97（Word 6/95）：无法读取',
    en: 'legacy Word (OLE) document older than Word 97 (Word 6/95): not readable',
  }),
  'doc.encrypted': def({
    params: none,
    zh: '旧版 Word（OLE）文件已加密：无法读取',
    en: 'legacy Word (OLE) document is encrypted: not readable',
  }),
  'doc.no_table_stream': def({
    params: none,
    zh: '旧版 Word（OLE）文件缺少表格流：无法读取',
    en: 'legacy Word (OLE) document without its table stream: not readable',
  }),
  'doc.no_piece_table': def({
    params: none,
    zh: '旧版 Word（OLE）文件：找不到片段表',
    en: 'legacy Word (OLE) document: piece table not found',
  }),
  'doc.damaged_piece_table': def({
    params: none,
    zh: '旧版 Word（OLE）文件：片段表已损坏',
    en: 'legacy Word (OLE) document: damaged piece table',
  }),
  'doc.text_past_stream': def({
    params: none,
    zh: '旧版 Word（OLE）文件：文字超出其数据流',
    en: 'legacy Word (OLE) document: text runs past its stream',
  }),
  'doc.corrupt': def({
    params: { detail: 'detail' },
    zh: '旧版 Word（OLE）文件已损坏：{detail}',
    en: 'corrupt legacy Word (OLE) document: {detail}',
  }),
  'xls.corrupt': def({
    params: { detail: 'detail' },
    zh: '旧版 Excel 文件（.xls/.et）已损坏：{detail}',
    en: 'corrupt legacy Excel file (.xls/.et): {detail}',
  }),
  'zip.not_office': def({
    params: { kind: 'detail' },
    zh: 'ZIP 文件不是 Word（.docx）或 Excel（.xlsx）文件（{kind}）：无法读取',
    en: 'ZIP file is {kind}, not a Word (.docx) or Excel (.xlsx) document: not readable',
  }),
  'zip.corrupt': def({
    params: { detail: 'detail' },
    zh: 'ZIP 压缩包已损坏：{detail}',
    en: 'corrupt ZIP archive: {detail}',
  }),
  'zip.member_overflow': def({
    params: { name: 'detail', bytes: 'n' },
    zh: 'ZIP 成员 {name} 解压后超过其声明的大小（{bytes} 字节）：拒绝读取',
    en: 'ZIP member {name} inflates past its declared size ({bytes} bytes): refused',
  }),
  'zip.member_too_large': def({
    params: { name: 'detail', bytes: 'n', max: 'n' },
    zh: 'ZIP 成员 {name} 声明 {bytes} 字节（上限 {max}）：疑为压缩炸弹，未解压',
    en: 'ZIP member {name} declares {bytes} bytes (> {max}): refused as a zip bomb, not inflated',
  }),
  'zip.total_too_large': def({
    params: { bytes: 'n', max: 'n' },
    zh: 'ZIP 成员合计声明 {bytes} 字节（上限 {max}）：拒绝读取',
    en: 'ZIP members declare {bytes} bytes together (> {max}): refused',
  }),
  // ------------------------------------------------------------------ title and year
  'meta.no_title': def({ params: none, zh: '未找到标题', en: 'title not found' }),
  'meta.year_from_text': def({
    params: { year: 'n' },
    zh: '年度 {year} 取自正文，而非标题',
    en: 'year {year} taken from the text, not the title',
  }),
  'meta.no_year': def({ params: none, zh: '未找到年度', en: 'year not found' }),
  // ------------------------------------------------------------------ tables
  'template.unknown': def({
    params: none,
    zh: '表格标签无法区分格式，按 2021 年格式的行读取',
    en: 'template not told apart by the table labels; read with the 2021 rows',
  }),
  'table.missing_columns': def({
    params: { columns: 'columns' },
    zh: '表三没有“{columns}”列；这些单元格记为不适用（空）',
    en: 'Table 3 has no column {columns}; those cells are absent (null)',
    contract: '表三 has no column {columns}; those cells are absent (null)',
  }),
  'table.not_found': def({
    params: { table: 'table' },
    zh: '未找到{table}',
    en: '{table} not found',
    contract: '{table|name} ({table|no}) not found',
  }),
  'table.concatenated': def({
    params: none,
    zh: '表格单元格之间没有分隔符；只在勾稽关系唯一确定时拆分',
    en: 'table cells run together with no separator; split only where the identities leave one answer',
  }),
  'table.ocr': def({
    params: none,
    zh: '扫描页经文字识别（OCR）读取：每个数字都是 Tesseract 的读数，由勾稽关系检验',
    en: 'scanned pages read by OCR: every number is as Tesseract read it; the identities check it',
  }),
  'table.sequence': def({
    params: { table: 'table', count: 'n' },
    zh: '{table}：行标签与数字顺序不一致（PDF 文字顺序）；数字按模板顺序读取，{count} 个中读取 {count} 个',
    en: '{table}: row labels out of order with the numbers (PDF text order); numbers read in template order, {count} of {count}',
    contract:
      '{table|name}: row labels out of order with the numbers (PDF text order); numbers read in template order, {count} of {count}',
  }),
  'table.inconsistent': def({
    params: { table: 'table' },
    zh: '{table}：没有一种行读法能使全部勾稽关系成立',
    en: '{table}: no combination of row readings satisfies every identity',
    contract: '{table|name}: no combination of row readings satisfies every identity',
  }),
  'table.rows_not_found': def({
    params: { table: 'table', rows: 'rows' },
    zh: '{table}：未找到以下行：{rows}',
    en: '{table}: rows not found: {rows}',
    contract: '{table|name}: rows not found: {rows}',
  }),
  'row.cut_off': def({
    params: { row: 'row', read: 'n', width: 'n' },
    zh: '{row}：正文在此行中断；{width} 个单元格中按顺序读取 {read} 个，其余缺失',
    en: '{row}: the text ends inside this row; {read} of {width} cells read in order, the rest missing',
  }),
  'row.interleaved': def({
    params: { row: 'row' },
    zh: '{row}：数字按读取顺序不符合各组合计；采用唯一满足合计的分组交错方式（单元格标为推断）',
    en: '{row}: numbers as read fail the group sums; the one interleaving of the groups that satisfies them was taken (cells marked inferred)',
  }),
  'row.interleavings': def({
    params: { row: 'row', count: 'n' },
    zh: '{row}：数字按读取顺序不符合各组合计，有 {count} 种分组交错方式满足合计（文字顺序丢失了版式）',
    en: '{row}: numbers as read fail the group sums and {count} interleavings of the groups satisfy them (text order lost the layout)',
  }),
  'row.numbers_placed': def({
    params: { row: 'row', numbers: 'n', width: 'n' },
    zh: '{row}：{numbers} 个数字对应 {width} 列；按本行的勾稽关系放置（单元格标为推断）',
    en: "{row}: {numbers} numbers for {width} columns; placed by the row's identity (cells marked inferred)",
  }),
  'row.digits_placed': def({
    params: { row: 'row', digits: 'text', width: 'n' },
    zh: '{row}：数字连在一起（{digits}），对应 {width} 列；按本行的勾稽关系拆分（单元格标为推断）',
    en: "{row}: digits run together ({digits}) for {width} columns; placed by the row's identity (cells marked inferred)",
  }),
  'row.numbers_unread': def({
    params: { row: 'row', numbers: 'n', width: 'n' },
    zh: '{row}：{numbers} 个数字对应 {width} 列；没有一种读法满足本行的勾稽关系，单元格留空',
    en: "{row}: {numbers} numbers for {width} columns; no reading satisfies the row's identities, cells left null",
  }),
  'row.digits_unread': def({
    params: { row: 'row', digits: 'text', width: 'n' },
    zh: '{row}：数字连在一起（{digits}），对应 {width} 列；没有一种拆分满足本行的勾稽关系，单元格留空',
    en: "{row}: digits run together ({digits}) for {width} columns; no reading satisfies the row's identities, cells left null",
  }),
  'row.ambiguous': def({
    params: { row: 'row', count: 'n', of: 'n', readings: 'n', shown: 'alternatives', more: 'bool', cells: 'cells' },
    zh: '{row}：{of} 个单元格中 {count} 个有歧义（{readings} 种读法都满足勾稽关系：{shown}[[more| …]]）；留空：{cells}',
    en: '{row}: {count} of {of} cells ambiguous ({readings} readings fit the identities: {shown}[[more| …]]); left null: {cells}',
  }),
  // ------------------------------------------------------------------ identities
  'checks.untestable': def({
    params: { items: 'untestable' },
    zh: '无法检验的勾稽关系：{items}',
    en: 'identities not testable: {items}',
  }),
  'checks.fails': def({
    params: { identity: 'identity', sums: 'text', blanks: 'n' },
    zh: '勾稽关系不成立：{identity}：{sums}[[blanks|（{blanks} 个空白单元格按 0 计）]]',
    en: 'identity fails: {identity}: {sums}[[blanks| ({blanks} blank cell(s) counted as 0)]]',
  }),
  'checks.detail': def({
    params: { sums: 'text', blanks: 'n' },
    zh: '{sums}[[blanks|（{blanks} 个空白单元格按 0 计）]]',
    en: '{sums}[[blanks| ({blanks} blank cell(s) counted as 0)]]',
  }),
  'tables.none': def({ params: none, zh: '未能读取任何表格', en: 'no table could be read' }),
  // ------------------------------------------------------------------ region
  'region.shared_name': def({
    params: { name: 'text', candidates: 'text' },
    zh: '地区：“{name}”是多个区划共用的名称（{candidates}）；地区留空',
    en: 'region: "{name}" names a division shared by several ({candidates}); left null',
  }),
  'region.conflict': def({
    params: { title: 'text', titleCode: 'text', signature: 'text', signatureCode: 'text' },
    zh: '地区：标题指向 {title}（{titleCode}），落款却是 {signature}（{signatureCode}）；地区留空',
    en: 'region: the title names {title} ({titleCode}) but the signature {signature} ({signatureCode}); left null',
  }),
  'region.none': def({
    params: { name: 'text' },
    zh: '地区：“{name}”不含行政区划名称，落款与发布机构也没有；地区留空',
    en: 'region: "{name}" names no division, and neither does its signature or publisher; left null',
  }),
  // ------------------------------------------------------------------ the site, in the reader's browser
  'ui.shard_failed': def({
    params: { detail: 'detail' },
    zh: '未能载入完整表格（{detail}）。上表的各年度要点不受影响；完整数据可在“数据下载”页取得。',
    en: 'The full tables could not be loaded ({detail}). The key figures above are unaffected; the data page has everything.',
  }),
  'ui.shard_invalid': def({ params: none, zh: '文件不是机关数据', en: 'not a body shard' }),
  'ui.texts_absent': def({
    params: none,
    zh: '这份报告的原文未随网站发布',
    en: 'this report’s text is not published with the site',
  }),
  'ui.text_failed': def({
    params: { detail: 'detail' },
    zh: '（原文无法载入：{detail}）',
    en: '(text unavailable: {detail})',
  }),
  'ui.load_failed': def({
    params: { detail: 'detail' },
    zh: '✗ 数据无法载入：{detail}',
    en: '✗ the data could not be loaded: {detail}',
  }),
  'ui.query_failed': def({
    params: { detail: 'detail' },
    zh: '✗ 查询失败：{detail}',
    en: '✗ the query failed: {detail}',
  }),
  'ui.mixed_build': def({
    params: { found: 'detail', expected: 'detail' },
    zh: '服务器上的数据（版本 {found}）与本页（版本 {expected}）不是同一次构建：请刷新页面。',
    en: 'The data on the server (build {found}) is newer or older than this page (build {expected}): reload the page.',
  }),
  'sql.empty': def({ params: none, zh: '✗ 查询为空', en: '✗ empty query' }),
  'sql.one_statement': def({ params: none, zh: '✗ 一次只能运行一条语句', en: '✗ one statement at a time' }),
  'sql.select_only': def({
    params: none,
    zh: '✗ 只能运行 SELECT（或 WITH、DESCRIBE、SUMMARIZE）查询',
    en: '✗ only SELECT (or WITH, DESCRIBE, SUMMARIZE) queries',
  }),
  'sql.writes': def({
    params: none,
    zh: '✗ 此查询会修改或取用外部内容；只允许读取查询',
    en: '✗ this query would change or fetch something; only reading queries are allowed',
  }),
  'sql.urls': def({ params: none, zh: '✗ 只能读取本站的数据表', en: '✗ only the site’s own tables can be read' }),
  'sql.file_functions': def({
    params: none,
    zh: '✗ 只能读取本站的数据表（不能使用读取文件或网址的函数）',
    en: '✗ only the site’s own tables can be read (no file or URL functions)',
  }),
} as const;

export type MessageCode = keyof typeof MESSAGES;
type ParamDefs<C extends MessageCode> = (typeof MESSAGES)[C]['params'];
type ParamsOf<C extends MessageCode> = {
  -readonly [K in keyof ParamDefs<C>]: ParamDefs<C>[K] extends Kind ? Kinds[ParamDefs<C>[K]] : never;
};

/** One problem as data: what the parser records, the dataset stores and a page renders. */
export interface Message<C extends MessageCode = MessageCode> {
  code: C;
  params: ParamsOf<C>;
}

/** A message, its parameters checked against the catalogue at compile time. */
export const msg = <C extends MessageCode>(code: C, ...params: keyof ParamsOf<C> extends never ? [] : [ParamsOf<C>]) =>
  ({ code, params: (params[0] ?? {}) as ParamsOf<C> }) as Message;

export const isMessageCode = (code: string): code is MessageCode => Object.hasOwn(MESSAGES, code);

// ------------------------------------------------------------------ labels

const TABLE_NO: Record<TableId, { zh: string; en: string }> = {
  t2: { zh: '表二', en: 'Table 2' },
  t3: { zh: '表三', en: 'Table 3' },
  t4: { zh: '表四', en: 'Table 4' },
};

const pick = (l: Label, lang: Lang) => (lang === 'zh' ? l.zh : l.en);

const ROW_REF = /^(2019|2021)\/(t[234])(?:\.(\w+))?$/;
/** The reference a message keeps for a row of a table (or table 四 as a whole). */
export const rowRef = (template: TemplateId, table: TableId, row?: string): string =>
  `${template}/${table}${row ? `.${row}` : ''}`;

function rowLabel(ref: string, style: Style): string {
  const m = ROW_REF.exec(ref);
  if (!m) return ref;
  const [, template, table, key] = m as unknown as [string, TemplateId, TableId, string | undefined];
  const no = TABLE_NO[table];
  const row = key ? TEMPLATES[template][table].rows.find((r) => r.key === key) : undefined;
  if (style === 'contract' || style === 'zh') return row ? `${no.zh} ${row.zh}` : no.zh;
  return row ? `${no.en}, ${row.en}` : no.en;
}

const CELLS = new Map<string, { row: Label; column: Label }>();
for (const t of ['2021', '2019'] as const)
  for (const d of cellsOf(t)) if (!CELLS.has(d.key)) CELLS.set(d.key, { row: d.row, column: d.column });

function cellLabel(key: string, lang: Lang): string {
  const c = CELLS.get(key);
  return c ? `${pick(c.row, lang)}·${pick(c.column, lang)}` : key;
}

const COLUMNS = new Map<string, Column>(T3_COLUMNS.map((c) => [c.key, c]));
const IDENTITIES = new Map<string, Identity>();
for (const t of ['2021', '2019'] as const)
  for (const i of identitiesOf(t)) if (!IDENTITIES.has(i.id)) IDENTITIES.set(i.id, i);

/** An identity's description in a language (its id when the template has none by that id). */
export const identityLabel = (id: string, lang: Lang): string => {
  const i = IDENTITIES.get(id);
  return i ? pick(i, lang) : id;
};

const STATE_WORDS: Record<string, Label> = {
  missing: { zh: '缺失', en: 'missing' },
  ambiguous: { zh: '歧义', en: 'ambiguous' },
  unparsed: { zh: '无法读取', en: 'unparsed' },
  inferred: { zh: '推断', en: 'inferred' },
  split: { zh: '拆分', en: 'split' },
};

function untestableText(items: Untestable[], style: Style): string {
  return items
    .map((u) => {
      if (style === 'contract')
        return u.count === undefined
          ? `${u.id}: one side left blank`
          : `${u.id}: ${u.count} cell(s) ${(u.states ?? []).join('/')}`;
      const name = identityLabel(u.id, style);
      const states = (u.states ?? []).map((s) => (STATE_WORDS[s] ? pick(STATE_WORDS[s], style) : s));
      if (style === 'zh')
        return u.count === undefined ? `${name}（一侧为空）` : `${name}（${u.count} 个单元格${states.join('/')}）`;
      return u.count === undefined ? `${name} (one side blank)` : `${name} (${u.count} cell(s) ${states.join('/')})`;
    })
    .join(style === 'zh' ? '；' : '; ');
}

/** A parameter as text in a style; `variant` is the `|name` / `|no` of a contract's table. */
function paramText(kind: Kind, value: unknown, style: Style, variant?: string): string {
  const lang: Lang = style === 'zh' ? 'zh' : 'en';
  switch (kind) {
    case 'table': {
      const id = value as TableId;
      if (variant === 'name') return TEMPLATES['2021'][id].zh;
      if (variant === 'no') return TABLE_NO[id].zh;
      // The contract names a table by its heading; the `|no` variant gives its number.
      if (style === 'contract') return TEMPLATES['2021'][id].zh;
      return pick(TABLE_NO[id], lang);
    }
    case 'row':
      return rowLabel(value as string, style);
    case 'rows':
      return (value as string[]).map((r) => rowLabel(r, style)).join(style === 'en' ? '; ' : '、');
    case 'cells':
      return style === 'contract'
        ? (value as string[]).join(', ')
        : (value as string[]).map((k) => cellLabel(k, lang)).join(style === 'zh' ? '、' : '; ');
    case 'columns': {
      const labels = (value as string[]).map((k) => COLUMNS.get(k) ?? { zh: k, en: k });
      return style === 'en' ? labels.map((c) => c.en).join(', ') : labels.map((c) => c.zh).join('、');
    }
    case 'identity':
      return style === 'contract' ? (value as string) : identityLabel(value as string, lang);
    case 'untestable':
      return untestableText(value as Untestable[], style);
    case 'alternatives':
      return (value as string[]).join(style === 'zh' ? ' 或 ' : ' or ');
    case 'bool':
      return value ? 'true' : '';
    default:
      return String(value);
  }
}

const PLACEHOLDER = /\{(\w+)(?:\|(\w+))?\}/g;
const OPTIONAL = /\[\[(\w+)\|([^\]]*)\]\]/g;

const truthy = (v: unknown) => !(v === undefined || v === null || v === 0 || v === false || v === '');

/** A template cut once into its pieces: words, parameters, and optional parts shown when their parameter is set. */
type Piece = string | { param: string; variant: string | undefined } | { when: string; pieces: Piece[] };

function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push({ param: match[1], variant: match[2] });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

/** Templates already cut (a build renders a few messages for each of a million reports, from ~100 templates). */
const COMPILED = new Map<string, Piece[]>();

function compiled(template: string): Piece[] {
  let pieces = COMPILED.get(template);
  if (pieces) return pieces;
  pieces = [];
  let last = 0;
  for (const match of template.matchAll(OPTIONAL)) {
    pieces.push(...piecesOf(template.slice(last, match.index)));
    pieces.push({ when: match[1], pieces: piecesOf(match[2]) });
    last = match.index + match[0].length;
  }
  pieces.push(...piecesOf(template.slice(last)));
  COMPILED.set(template, pieces);
  return pieces;
}

/**
 * The message as text in a style, and each parameter's text through `wrap` (HTML escapes and marks them; plain
 * text leaves them). An unknown code (data from a newer build) shows its code and parameters as they are.
 */
function format(m: Message, style: Style, wrap: (text: string, kind: Kind) => string, lit: (s: string) => string) {
  const d = (MESSAGES as Record<string, Def<Record<string, Kind>>>)[m.code];
  const params = (m.params ?? {}) as Record<string, unknown>;
  if (!d) return lit(`${m.code} ${JSON.stringify(params)}`);
  const render = (pieces: Piece[]): string => {
    let out = '';
    for (const p of pieces) {
      if (typeof p === 'string') out += lit(p);
      else if ('when' in p) out += truthy(params[p.when]) ? render(p.pieces) : '';
      else {
        const kind = d.params[p.param];
        out += kind
          ? wrap(paramText(kind, params[p.param], style, p.variant), kind)
          : lit(`{${p.param}${p.variant ? `|${p.variant}` : ''}}`);
      }
    }
    return out;
  };
  return render(compiled(style === 'contract' ? (d.contract ?? d.en) : d[style]));
}

/** The message as plain text: `zh` or `en` for a page, `contract` for `gongkai parse`'s `problems`. */
export const renderMessage = (m: Message, style: Style): string =>
  format(
    m,
    style,
    (s) => s,
    (s) => s,
  );

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The message as HTML in a page's language: text escaped, and a `detail` (a library's own words, a file name)
 * in `<code>`, since it is quoted, not translated.
 */
export const renderMessageHtml = (m: Message, lang: Lang): string =>
  format(m, lang, (s, kind) => (kind === 'detail' ? `<code>${escape(s)}</code>` : escape(s)), escape);

/** The wording of a code with its parameters left out (`…`): what the build summary counts problems by. */
export function codeTitle(code: string, lang: Lang): string {
  const d = (MESSAGES as Record<string, Def<Record<string, Kind>>>)[code];
  if (!d) return code;
  return d[lang].replace(OPTIONAL, '').replace(PLACEHOLDER, '…');
}

// ------------------------------------------------------------------ check details

const DETAIL_BLANKS = / \((\d+) blank cell\(s\) counted as 0\)$/;

/**
 * A check's `detail` (the contract's string) from its sums and the blank cells counted as 0. With no blank cell it
 * is the sums alone (the wording's [[blanks|…]] part drops out), said without rendering: a report has some forty.
 */
export const checkDetail = (sums: string, blanks: number): string =>
  blanks ? renderMessage(msg('checks.detail', { sums, blanks }), 'contract') : sums;

/** A check's `detail`, as stored, back into its parts: the sums are numbers; the note on blanks is words. */
export function checkDetailParts(detail: string): { sums: string; blanks: number } {
  const m = DETAIL_BLANKS.exec(detail);
  return { sums: m ? detail.slice(0, m.index) : detail, blanks: m ? Number(m[1]) : 0 };
}

export const checkDetailMessage = (detail: string): Message => msg('checks.detail', checkDetailParts(detail));

/** Which problems and columns a template's label needs — exported for the catalogue's tests. */
export const PARAM_KINDS = (code: MessageCode): Record<string, Kind> =>
  (MESSAGES as Record<string, Def<Record<string, Kind>>>)[code].params;

/** The dataset's `messages` column: one JSON object `{code, params}` per problem, in the order of `problems`. */
export const messagesToColumn = (ms: Message[]): string[] => ms.map((m) => JSON.stringify(m));

/** The column back into messages (a value that is not one becomes an uncatalogued message, shown as written). */
export const messagesFromColumn = (column: unknown): Message[] =>
  (Array.isArray(column) ? column : []).map((s) => {
    try {
      const m = JSON.parse(String(s)) as Message;
      if (m && typeof m.code === 'string') return m;
    } catch {
      // fall through
    }
    return { code: String(s), params: {} } as unknown as Message;
  });
