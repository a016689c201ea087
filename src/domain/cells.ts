/** What is known about one cell: its value, how the parser got it, and where it stands in the source. */
export type CellState =
  | 'read' // the number as written
  | 'blank' // the report shows no number (empty, "/", "-", "无")
  | 'split' // cut out of digits that ran together, the only cut the identities allow
  | 'inferred' // the row had fewer/more numbers than columns; placed (and, if needed, filled) by an identity
  | 'ambiguous' // several readings satisfy the identities; left null rather than chosen
  | 'missing' // the row is not in the report (excerpt cut off, table absent)
  | 'absent' // the report's table has no such column (e.g. no 其他 applicant column)
  | 'unparsed' // the row is there but its numbers could not be read
  | 'ocr'; // read by OCR from a scanned page: as Tesseract read it, checked only by the identities

export interface Cell {
  value: number | null;
  state: CellState;
  /** 1-based source line of the number, null when there is none. */
  line: number | null;
}

/** Every cell state with what it means, for the data dictionary and the tooltips on report tables. */
export const CELL_STATES: { state: CellState; zh: string; en: string }[] = [
  { state: 'read', zh: '照原文读取', en: 'read as written' },
  { state: 'blank', zh: '原文为空白、“/”、“-”或“无”', en: 'the report shows no number (empty, "/", "-", "无")' },
  {
    state: 'split',
    zh: '原文数字连写，按勾稽关系唯一拆分',
    en: 'cut out of digits that ran together; the only cut the identities allow',
  },
  {
    state: 'inferred',
    zh: '该行数字个数与列数不符，按勾稽关系定位（必要时推算）',
    en: 'the row had fewer or more numbers than columns; placed (and if needed filled) by an identity',
  },
  {
    state: 'ambiguous',
    zh: '多种读法均满足勾稽关系，不予猜测，值为空',
    en: 'several readings satisfy the identities; left null rather than chosen',
  },
  { state: 'missing', zh: '原文缺此行（如节选被截断）', en: 'the row is not in the report (excerpt cut off)' },
  { state: 'absent', zh: '原表无此列（如无“其他”列）', en: 'the report’s table has no such column' },
  { state: 'unparsed', zh: '有此行但数字无法读取', en: 'the row is there but its numbers could not be read' },
  {
    state: 'ocr',
    zh: '扫描件经文字识别（OCR）读取，仅经勾稽关系核验',
    en: 'read by OCR from a scanned page; checked only by the identities',
  },
];
