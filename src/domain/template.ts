/**
 * The national report template, described once as data.
 *
 * Every other part of Gongkai (parser, identity checks, Parquet schema, data dictionary, UI labels) reads the
 * tables, rows, columns and identities from here, so a new label variant or a new row is added in one place.
 * Keys follow ../shared/spec/report-contract.md exactly.
 */

export type TemplateId = '2021' | '2019';

export interface Label {
  zh: string;
  en: string;
}

export interface Column extends Label {
  key: string;
}

export interface Row extends Label {
  key: string;
  /**
   * Patterns that find the row's label in normalised, whitespace-free text. The first pattern is the precise
   * one; later ones are variants seen in real reports. Labels are searched in template order, so a short
   * pattern such as 其他 only has to be unique after the previous row.
   */
  anchors: RegExp[];
  /**
   * Generic words (其他, 总计) that also stand in the table header: searched only once the row before was
   * found, so a header cut off before its rows does not lend them its words.
   */
  weakAnchors?: RegExp[];
  /** Columns of this row, when the row has its own (table 二 rows do). */
  columns?: Column[];
}

export interface TableSpec extends Label {
  id: 't2' | 't3' | 't4';
  /** Section heading patterns that start the table's part of the report. */
  headings: RegExp[];
  rows: Row[];
  /** Shared columns of every row (tables 三 and 四). */
  columns?: Column[];
}

const col = (key: string, zh: string, en: string): Column => ({ key, zh, en });

// ---------------------------------------------------------------- Table 二
const T2_2021_DOCS = [
  col('issued', '本年制发件数', 'issued this year'),
  col('repealed', '本年废止件数', 'repealed this year'),
  col('in_force', '现行有效件数', 'in force'),
];
const T2_2019_DOCS = [
  col('made', '本年新制作数量', 'newly made this year'),
  col('published', '本年新公开数量', 'newly published this year'),
  col('public_total', '对外公开总数量', 'total public'),
];
const T2_2019_ITEMS = [
  col('prev_items', '上一年项目数量', 'items last year'),
  col('change', '本年增/减', 'change this year'),
  col('decisions', '处理决定数量', 'decisions'),
];
const DECISIONS = [col('decisions', '本年处理决定数量', 'decisions this year')];

const T2_HEADINGS = [/主动公开政府信息情况/];

export const T2_2021: TableSpec = {
  id: 't2',
  zh: '主动公开政府信息情况',
  en: 'Proactive disclosure',
  headings: T2_HEADINGS,
  rows: [
    { key: 'regulations', zh: '规章', en: 'Regulations (规章)', anchors: [/规章/], columns: T2_2021_DOCS },
    {
      key: 'normative_docs',
      zh: '行政规范性文件',
      en: 'Normative documents',
      anchors: [/规范性文件/],
      columns: T2_2021_DOCS,
    },
    { key: 'licensing', zh: '行政许可', en: 'Administrative licensing', anchors: [/行政许可/], columns: DECISIONS },
    { key: 'punishment', zh: '行政处罚', en: 'Administrative penalties', anchors: [/行政处罚/], columns: DECISIONS },
    { key: 'coercion', zh: '行政强制', en: 'Administrative coercion', anchors: [/行政强制/], columns: DECISIONS },
    {
      key: 'fees',
      zh: '行政事业性收费',
      en: 'Administrative fees',
      anchors: [/行政事业性收费/],
      columns: [col('amount_10k_yuan', '本年收费金额（单位：万元）', 'fees collected (10,000 yuan)')],
    },
  ],
};

export const T2_2019: TableSpec = {
  id: 't2',
  zh: '主动公开政府信息情况',
  en: 'Proactive disclosure',
  headings: T2_HEADINGS,
  rows: [
    { key: 'regulations', zh: '规章', en: 'Regulations (规章)', anchors: [/规章/], columns: T2_2019_DOCS },
    {
      key: 'normative_docs',
      zh: '规范性文件',
      en: 'Normative documents',
      anchors: [/规范性文件/, /规范性档案/],
      columns: T2_2019_DOCS,
    },
    { key: 'licensing', zh: '行政许可', en: 'Administrative licensing', anchors: [/行政许可/], columns: T2_2019_ITEMS },
    {
      key: 'other_services',
      zh: '其他对外管理服务事项',
      en: 'Other public management services',
      anchors: [/其他对外管理服务事项/, /对外管理服务/],
      columns: T2_2019_ITEMS,
    },
    {
      key: 'punishment',
      zh: '行政处罚',
      en: 'Administrative penalties',
      anchors: [/行政处罚/],
      columns: T2_2019_ITEMS,
    },
    { key: 'coercion', zh: '行政强制', en: 'Administrative coercion', anchors: [/行政强制/], columns: T2_2019_ITEMS },
    {
      key: 'fees',
      zh: '行政事业性收费',
      en: 'Administrative fees',
      anchors: [/行政事业性收费/],
      columns: T2_2019_ITEMS.slice(0, 2),
    },
    {
      key: 'procurement',
      zh: '政府集中采购',
      en: 'Central government procurement',
      anchors: [/政府集中采购/],
      columns: [
        col('projects', '采购项目数量', 'procurement projects'),
        col('amount', '采购总金额', 'procurement amount'),
      ],
    },
  ],
};

// ---------------------------------------------------------------- Table 三
export const T3_COLUMNS: Column[] = [
  col('natural_person', '自然人', 'Natural persons'),
  col('commercial', '商业企业', 'Businesses'),
  col('research', '科研机构', 'Research institutions'),
  col('social_welfare', '社会公益组织', 'Social welfare organisations'),
  col('legal_service', '法律服务机构', 'Legal service organisations'),
  col('other_org', '其他', 'Other organisations'),
  col('total', '总计', 'Total'),
];

/** The applicant columns that add up to `total`. */
export const T3_APPLICANT_COLUMNS = T3_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);

type RowDef = [key: string, zh: string, en: string, ...anchors: RegExp[]];
const WEAK = new Set(['其他', '总计']);
const rows = (defs: RowDef[]): Row[] =>
  defs.map(([key, zh, en, ...all]) => ({
    key,
    zh,
    en,
    anchors: all.filter((a) => !WEAK.has(a.source)),
    weakAnchors: all.filter((a) => WEAK.has(a.source)),
  }));

const T3_HEAD: RowDef[] = [
  ['new_received', '一、本年新收政府信息公开申请数量', 'New requests received', /本年新收/, /新收.{0,4}申请/],
  ['carried_over', '二、上年结转政府信息公开申请数量', 'Carried over from last year', /上年结转/],
  ['granted', '三（一）予以公开', 'Granted', /予以公开/],
  ['partially_granted', '三（二）部分公开', 'Partly granted', /部分公开/],
  ['denied_state_secret', '三（三）1.属于国家秘密', 'Refused: state secret', /国家秘密/],
  ['denied_law_prohibited', '三（三）2.其他法律行政法规禁止公开', 'Refused: prohibited by other laws', /禁止公开/],
  [
    'denied_security_stability',
    '三（三）3.危及“三安全一稳定”',
    'Refused: endangers security or stability',
    /三安全/,
    /危及/,
  ],
  ['denied_third_party', '三（三）4.保护第三方合法权益', 'Refused: third-party rights', /第三方/],
  ['denied_internal_affairs', '三（三）5.属于三类内部事务信息', 'Refused: internal affairs', /内部事务/],
  ['denied_process_info', '三（三）6.属于四类过程性信息', 'Refused: process information', /过程性/],
  ['denied_enforcement_file', '三（三）7.属于行政执法案卷', 'Refused: enforcement files', /执法案卷/],
  ['denied_inquiry', '三（三）8.属于行政查询事项', 'Refused: administrative inquiry', /查询事项/],
  ['unable_not_held', '三（四）1.本机关不掌握相关政府信息', 'Unable: information not held', /不掌握/],
  ['unable_needs_creation', '三（四）2.没有现成信息需要另行制作', 'Unable: would need to be created', /另行制作/],
  ['unable_unclear', '三（四）3.补正后申请内容仍不明确', 'Unable: request still unclear', /仍不明确/, /不明确/],
  ['rejected_petition', '三（五）1.信访举报投诉类申请', 'Not processed: petition or complaint', /信访/],
  ['rejected_duplicate', '三（五）2.重复申请', 'Not processed: duplicate', /重复申请/],
  ['rejected_publication', '三（五）3.要求提供公开出版物', 'Not processed: publications', /出版物/],
  ['rejected_excessive', '三（五）4.无正当理由大量反复申请', 'Not processed: excessive requests', /大量反复/],
  [
    'rejected_confirmation',
    '三（五）5.要求行政机关确认或重新出具已获取信息',
    'Not processed: confirm or re-issue',
    /确认或重新/,
    /重新出具/,
  ],
];
const T3_TAIL: RowDef[] = [
  ['total_processed', '三（七）总计', 'Total processed', /[(（]?七[)）]总计/, /总计/],
  ['carried_forward', '四、结转下年度继续办理', 'Carried forward to next year', /结转下年度/, /结转下一年/],
];

export const T3_HEADINGS = [/收到和处理政府信息公开申请情况/, /收到和处理.{0,6}申请/];

const T3_BASE = { id: 't3' as const, zh: '收到和处理政府信息公开申请情况', en: 'Requests received and handled' };

export const T3_2021: TableSpec = {
  ...T3_BASE,
  headings: T3_HEADINGS,
  columns: T3_COLUMNS,
  rows: rows([
    ...T3_HEAD,
    [
      'other_no_correction',
      '三（六）1.申请人无正当理由逾期不补正',
      'Other: applicant did not clarify',
      /逾期不补正/,
      /不补正/,
    ],
    ['other_unpaid_fee', '三（六）2.申请人逾期未按收费通知要求缴纳费用', 'Other: fee not paid', /缴纳费用/, /收费通知/],
    ['other_misc', '三（六）3.其他', 'Other: miscellaneous', /\d[.、]?其他/, /其他/],
    ...T3_TAIL,
  ]),
};

export const T3_2019: TableSpec = {
  ...T3_BASE,
  headings: T3_HEADINGS,
  columns: T3_COLUMNS,
  rows: rows([...T3_HEAD, ['other_handling', '三（六）其他处理', 'Other handling', /其他处理/], ...T3_TAIL]),
};

/** Result rows of table 三 whose sum is `total_processed`, per template. */
export const T3_RESULT_ROWS = (t: TableSpec): string[] => {
  const keys = t.rows.map((r) => r.key);
  return keys.slice(keys.indexOf('granted'), keys.indexOf('total_processed'));
};

// ---------------------------------------------------------------- Table 四
export const T4_COLUMNS: Column[] = [
  col('upheld', '结果维持', 'Upheld'),
  col('corrected', '结果纠正', 'Corrected'),
  col('other', '其他结果', 'Other outcome'),
  col('pending', '尚未审结', 'Pending'),
  col('total', '总计', 'Total'),
];

/** The outcome columns of table 四 that add up to `total`. */
export const T4_OUTCOME_COLUMNS = T4_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);

export const T4: TableSpec = {
  id: 't4',
  zh: '政府信息公开行政复议、行政诉讼情况',
  en: 'Administrative review and litigation',
  headings: [/信息公开.{0,12}行政复议.{0,6}行政诉讼情况/, /行政复议.{0,4}行政诉讼情况/],
  columns: T4_COLUMNS,
  rows: [
    { key: 'review', zh: '行政复议', en: 'Administrative review', anchors: [] },
    { key: 'suit_direct', zh: '行政诉讼·未经复议直接起诉', en: 'Lawsuit, filed directly', anchors: [] },
    { key: 'suit_after_review', zh: '行政诉讼·复议后起诉', en: 'Lawsuit, after review', anchors: [] },
  ],
};

/** Table 四's groups: administrative review, then the two kinds of lawsuit. */
export const T4_GROUPS = T4.rows.map((r) => r.key);
/** The lawsuit groups of table 四 (everything after administrative review). */
export const T4_SUIT_GROUPS = T4_GROUPS.filter((g) => g !== 'review');

export const TEMPLATES: Record<TemplateId, { t2: TableSpec; t3: TableSpec; t4: TableSpec }> = {
  '2021': { t2: T2_2021, t3: T3_2021, t4: T4 },
  '2019': { t2: T2_2019, t3: T3_2019, t4: T4 },
};

/** The report's six numbered sections, as both templates title them; tables 二 to 四 are sections 二 to 四. */
export const REPORT_SECTIONS = [
  '一、总体情况',
  `二、${T2_2021.zh}`,
  `三、${T3_BASE.zh}`,
  `四、${T4.zh}`,
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
];

/** Labels in a table 二 header or table 三 body that only one template has. */
export const TEMPLATE_MARKERS: Record<TemplateId, RegExp[]> = {
  '2021': [/制发件数/, /废止件数/, /现行有效件数/, /收费金额/, /逾期不补正/, /缴纳费用/],
  '2019': [/新制作数量/, /新公开数量/, /对外公开总数量/, /上一年项目数量/, /政府集中采购/, /对外管理服务事项/],
};

export const columnsOf = (table: TableSpec, row: Row): Column[] => row.columns ?? table.columns ?? [];

export const cellKey = (table: TableSpec, row: Row, column: Column): string => `${table.id}.${row.key}.${column.key}`;

/** Every canonical cell key of a template, in table order, with its labels. */
export interface CellDef {
  key: string;
  table: TableSpec;
  row: Row;
  column: Column;
}
export const cellsOf = (template: TemplateId): CellDef[] => {
  const t = TEMPLATES[template];
  return [t.t2, t.t3, t.t4].flatMap((table) =>
    table.rows.flatMap((row) =>
      columnsOf(table, row).map((column) => ({ key: cellKey(table, row, column), table, row, column })),
    ),
  );
};

/** All cell keys of both templates, deduplicated, in a stable order (the wide table's columns). */
export const ALL_CELL_KEYS: string[] = [...new Set([...cellsOf('2021'), ...cellsOf('2019')].map((c) => c.key))];

/**
 * Accounting identities (report-contract.md §Identities). Each is `sum(left) = sum(right)` over cell keys;
 * the ids name the identity and the column or group it applies to.
 */
export interface Identity {
  id: string;
  table: 't3' | 't4';
  left: string[];
  right: string[];
  zh: string;
  en: string;
}

export const identitiesOf = (template: TemplateId): Identity[] => {
  const { t3 } = TEMPLATES[template];
  const results = T3_RESULT_ROWS(t3);
  const out: Identity[] = [];
  for (const c of T3_COLUMNS) {
    out.push({
      id: `t3.balance.${c.key}`,
      table: 't3',
      left: [`t3.new_received.${c.key}`, `t3.carried_over.${c.key}`],
      right: [`t3.total_processed.${c.key}`, `t3.carried_forward.${c.key}`],
      zh: `${c.zh}：新收+上年结转=办理总计+结转下年度`,
      en: `${c.en}: new + carried over = processed + carried forward`,
    });
  }
  for (const c of T3_COLUMNS) {
    out.push({
      id: `t3.results.${c.key}`,
      table: 't3',
      left: [`t3.total_processed.${c.key}`],
      right: results.map((r) => `t3.${r}.${c.key}`),
      zh: `${c.zh}：办理结果各项之和=总计`,
      en: `${c.en}: results add up to total processed`,
    });
  }
  for (const r of t3.rows) {
    out.push({
      id: `t3.row.${r.key}`,
      table: 't3',
      left: [`t3.${r.key}.total`],
      right: T3_APPLICANT_COLUMNS.map((c) => `t3.${r.key}.${c}`),
      zh: `${r.zh}：各类申请人之和=总计`,
      en: `${r.en}: applicant columns add up to total`,
    });
  }
  for (const g of T4.rows) {
    out.push({
      id: `t4.${g.key}`,
      table: 't4',
      left: [`t4.${g.key}.total`],
      right: T4_OUTCOME_COLUMNS.map((c) => `t4.${g.key}.${c}`),
      zh: `${g.zh}：维持+纠正+其他+尚未审结=总计`,
      en: `${g.en}: upheld + corrected + other + pending = total`,
    });
  }
  return out;
};

/** Every identity id of both templates, in a fixed order (the build stages a check by its position here). */
export const ALL_IDENTITY_IDS: string[] = [
  ...new Set([...identitiesOf('2021'), ...identitiesOf('2019')].map((id) => id.id)),
];
