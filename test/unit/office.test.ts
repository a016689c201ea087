import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/formats/document.js';
import { docxToLines, sheetToLines } from '../../src/formats/office.js';
import { parseReport } from '../../src/parse/report.js';
import { REPORTS } from '../fixtures/reports.js';

const SEED = 'seeds/002_9a2759b661843b25.txt';
const seedText = readFileSync(join(REPORTS, SEED), 'utf8');
const reference = parseReport(SEED, Buffer.from(seedText, 'utf8'));

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clean = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();
/** The seed's non-empty lines, each as its tab-separated cells. */
const seedRows = seedText
  .split(/\r?\n/)
  .filter((l) => l.trim())
  .map((l) => l.split('\t'));

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
/** Word splits text into runs wherever formatting changed: three characters a run here. */
const runs = (text: string) =>
  (text.match(/[\s\S]{1,3}/g) ?? []).map((t) => `<w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r>`).join('');
const para = (text: string) =>
  `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>${runs(text)}</w:p>`;

/** The seed as a Word document: tab lines become table rows, a run of them one table. */
function seedDocx(): { bytes: Uint8Array; splitCell: string } {
  const body: string[] = [];
  let table: string[] | null = null;
  let splitCell = '';
  seedRows.forEach((cells, i) => {
    if (cells.length === 1) {
      if (table) body.push(`<w:tbl>${table.join('')}</w:tbl>`);
      table = null;
      body.push(para(cells[0]));
      return;
    }
    table ??= [];
    const above = seedRows[i - 1] ?? [];
    const tcs: string[] = [];
    for (let c = 0; c < cells.length; c++) {
      const text = cells[c];
      // A header cell followed by blanks to the row's end is one cell spanning them (第二十条第（一）项).
      let span = 1;
      if (text.trim() && c === 0 && cells.slice(1).every((x) => !x.trim())) span = cells.length;
      // A blank first cell under a filled one continues a vertical merge.
      const vMerge = c === 0 && !text.trim() && above.length > 1 ? '<w:vMerge/>' : '';
      const props = `<w:tcPr><w:tcW w:w="1000" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}${vMerge}</w:tcPr>`;
      // One long label is written as two paragraphs of its cell.
      let content = para(text);
      if (!splitCell && text.length > 20 && !/\s/.test(text)) {
        splitCell = text;
        content = para(text.slice(0, 10)) + para(text.slice(10));
      }
      tcs.push(`<w:tc>${props}${content}</w:tc>`);
      c += span - 1;
    }
    table.push(`<w:tr><w:trPr><w:trHeight w:val="300"/></w:trPr>${tcs.join('')}</w:tr>`);
  });
  if (table) body.push(`<w:tbl>${(table as string[]).join('')}</w:tbl>`);
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${body.join('\n')}<w:sectPr/></w:body></w:document>`;
  const files: Zippable = {
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(xml),
  };
  return { bytes: zipSync(files), splitCell };
}

const colName = (i: number): string =>
  (i >= 26 ? colName(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

/** The seed as a workbook: one sheet, a row per line, a cell per tab-separated cell at its column. */
function seedXlsx(): Uint8Array {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const rows = seedRows.map((cells, r) => {
    const cs = cells.map((text, c) => {
      const ref = `${colName(c)}${r + 1}`;
      const t = text.trim();
      // A blank cell with a border is written with only a style; the cell after it names its column.
      if (!t) return c % 2 ? '' : `<c r="${ref}" s="1"/>`;
      if (/^\d+$/.test(t)) return `<c r="${ref}" s="1"><v>${t}</v></c>`;
      if (c % 3 === 2) return `<c r="${ref}" t="inlineStr"><is><t>${esc(text)}</t></is></c>`;
      if (!index.has(text)) index.set(text, strings.push(text) - 1);
      return `<c r="${ref}" t="s"><v>${index.get(text)}</v></c>`;
    });
    return `<row r="${r + 1}">${cs.join('')}</row>`;
  });
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:O${rows.length}"/><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const shared = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings
    .map((s, i) =>
      // Some strings as rich text: runs joined, a phonetic reading left out.
      i % 5
        ? `<si><t xml:space="preserve">${esc(s)}</t></si>`
        : `<si><r><t>${esc(s.slice(0, 2))}</t></r><r><t xml:space="preserve">${esc(s.slice(2))}</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>`,
    )
    .join('')}</sst>`;
  const workbook = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="报告" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  return zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8(workbook),
    'xl/_rels/workbook.xml.rels': strToU8(rels),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
    'xl/sharedStrings.xml': strToU8(shared),
  });
}

/** The seed's rows as the office readers should give them: cells cleaned, a one-cell line as itself. */
const expectedRows = seedRows.map((cells) => cells.map(clean)).filter((cells) => cells.some(Boolean));

describe('Word (.docx)', () => {
  const { bytes, splitCell } = seedDocx();

  it('reads every paragraph and table row of the seed, cells in their columns', () => {
    const doc = readDocument(bytes);
    expect(doc.format).toBe('docx');
    expect(splitCell).not.toBe('');
    const split = `${clean(splitCell.slice(0, 10))} ${clean(splitCell.slice(10))}`;
    const want = expectedRows.map((cells) => cells.map((c) => (c === clean(splitCell) ? split : c)));
    expect(doc.lines.map((l) => l.cells)).toEqual(want);
    // Lines numbered in document order, table rows delimited with reliable blanks.
    expect(doc.lines.map((l) => l.line)).toEqual([...doc.lines.map((l) => l.line)].sort((a, b) => a - b));
    expect(doc.lines.filter((l) => l.cells.length > 1).every((l) => l.delimited && l.blanksReliable)).toBe(true);
  });

  it('parses to the same report as the text file', () => {
    const r = parseReport('x.docx', bytes);
    expect(r.format).toBe('docx');
    expect(r.cells).toEqual(reference.cells);
    expect(r.cell_states).toEqual(reference.cell_states);
    expect(r.problems).toEqual(reference.problems);
    expect(Object.keys(r.cells).length).toBeGreaterThan(50);
    expect(r.status).toBe(reference.status);
    expect(r.agency).toBe(reference.agency);
    expect(r.title).toBe(reference.title);
    expect(r.year).toBe(reference.year);
  });

  it('gridSpan leaves blank columns, a continued vMerge is blank, gridBefore shifts, a cell joins its paragraphs', () => {
    const xml = `<w:document ${W}><w:body>
      <w:p><w:r><w:t>标题</w:t></w:r><w:r><w:br/><w:t>第二行</w:t></w:r></w:p>
      <w:tbl>
        <w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>合</w:t></w:r><w:r><w:t>并</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>上</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>残留</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr><w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc><w:tc><w:p><w:del><w:r><w:delText>9</w:delText></w:r></w:del><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>
      </w:tbl>
      <w:p><w:r><w:t>甲</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p>
    </w:body></w:document>`;
    const lines = docxToLines(xml);
    expect(lines.map((l) => l.cells)).toEqual([
      ['标题'],
      ['第二行'],
      ['合并', '', '', '5'],
      ['上', '甲 乙', '', '1'],
      ['', '丙', '', '2'],
      ['', '', '0', '3'],
      ['甲', '1'],
    ]);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('Excel (.xlsx)', () => {
  const bytes = seedXlsx();

  it('reads every row of the seed, cells in the columns their references name', () => {
    const doc = readDocument(bytes);
    expect(doc.format).toBe('xlsx');
    // A row runs to its last written cell; the seed's trailing blanks that were left unwritten are gone.
    const trimEnd = (cells: string[], like: string[]) => cells.slice(0, like.length);
    const got = doc.lines.map((l) => l.cells);
    expect(got.length).toBe(expectedRows.length);
    got.forEach((cells, i) => {
      expect(cells).toEqual(trimEnd(expectedRows[i], cells));
      expect(expectedRows[i].slice(cells.length).every((c) => !c)).toBe(true);
    });
  });

  it('parses to the same report as the text file', () => {
    const r = parseReport('x.xlsx', bytes);
    expect(r.format).toBe('xlsx');
    expect(r.cells).toEqual(reference.cells);
    expect(r.cell_states).toEqual(reference.cell_states);
    expect(r.problems).toEqual(reference.problems);
    expect(r.status).toBe(reference.status);
    expect(r.agency).toBe(reference.agency);
    expect(r.title).toBe(reference.title);
  });

  it('numbers read as typed, booleans, errors and formulas by their cached value', () => {
    const sheet = `<worksheet><sheetData>
      <row r="3"><c r="B3"><v>0.30000000000000004</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c></row>
      <row r="4"><c r="A4"><f>SUM(A1:A3)</f><v>12</v></c><c r="C4" t="str"><f>A1</f><v>合计</v></c></row>
    </sheetData></worksheet>`;
    const { lines, next } = sheetToLines(sheet, [], 10);
    expect(lines.map((l) => [l.line, l.cells])).toEqual([
      [11, ['', '0.3', '', 'TRUE', '#N/A']],
      [12, ['12', '', '合计']],
    ]);
    expect(next).toBe(12);
  });
});

describe('office files that cannot be read', () => {
  it('a corrupt ZIP is failed with the reason', () => {
    const good = seedDocx().bytes;
    const truncated = good.subarray(0, good.length - 40);
    const r = parseReport('x.docx', truncated);
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/corrupt ZIP archive/);
    // Damaged compressed data behind an intact directory.
    const garbled = good.slice();
    const at = Buffer.from(garbled).indexOf('word/document.xml') + 'word/document.xml'.length + 40;
    garbled.fill(0xff, at, at + 200);
    const g = parseReport('y.docx', garbled);
    expect(g.status).toBe('failed');
    expect(g.problems.join(' ')).toMatch(/corrupt ZIP archive/);
  });

  it('a member declaring a huge size is refused without inflating it', () => {
    const bomb = zipSync({ 'word/document.xml': strToU8('<w:document/>') });
    // Declare 4 GB in the central directory entry.
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    const central = Buffer.from(bomb).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    view.setUint32(central + 24, 0xfffffff0, true);
    const t = performance.now();
    const r = parseReport('bomb.docx', bomb);
    expect(performance.now() - t).toBeLessThan(500);
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/zip bomb/);
  });

  it('a member that inflates past its declared size is stopped', () => {
    const big = new Uint8Array(20 * 1024 * 1024).fill(0x20);
    const bomb = zipSync({ 'word/document.xml': big }, { level: 1 });
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    const central = Buffer.from(bomb).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    view.setUint32(central + 24, 1000, true);
    const t = performance.now();
    const r = parseReport('liar.docx', bomb);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/past its declared size/);
  });

  it('a legacy Word/WPS (OLE) file is failed as such, not as a binary file', () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const r = parseReport('x.doc', ole);
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/legacy Word\/WPS.*not yet readable/);
    expect(r.problems.join(' ')).not.toMatch(/binary/);
  });

  it('a ZIP that is neither Word nor Excel says what it is', () => {
    const r = parseReport('x.ofd', zipSync({ 'OFD.xml': strToU8('<ofd:OFD/>') }));
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/OFD document, not a Word/);
  });
});
