import * as XLSX from '@e965/xlsx';
import * as CFB from 'cfb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  displayCacheDir,
  loadRebuiltRows,
  pruneOtherVersions,
  RebuiltRowsWriter,
  rebuiltRows,
} from '../../src/formats/display.js';
import { readDocument } from '../../src/formats/document.js';
import { docxToLines, sheetToLines } from '../../src/formats/office.js';
import { parseReport } from '../../src/parse/report.js';
import { parseSigned } from '../../src/pipeline/parse-file.js';
import { parserVersion } from '../../src/site/share.js';
import { sourceLines } from '../../src/site/source.js';
import { clean, expectedRows, SEED, seedDocx, seedText, seedXlsx, W } from '../fixtures/office.js';
import { ROOT } from '../fixtures/reports.js';

const reference = parseReport(SEED, Buffer.from(seedText, 'utf8'));

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

  it('the site shows the lines the parser read, at the numbers cells cite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-office-'));
    try {
      writeFileSync(join(dir, 'x.docx'), bytes);
      const r = parseReport('x.docx', bytes);
      const { lines } = await sourceLines('x.docx', null, dir);
      const line = r.cell_lines['t3.new_received.natural_person'];
      expect(line).toBeGreaterThan(0);
      expect(lines[line! - 1]).toMatch(/^一、 \| 本年新收政府信息公开申请数量 \| 0 \| /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the data build keeps the rows it read for the page step, which then does not read the file again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-office-'));
    const before = process.env.GONGKAI_TEXT_CACHE;
    process.env.GONGKAI_TEXT_CACHE = join(dir, 'cache');
    try {
      writeFileSync(join(dir, 'x.docx'), bytes);
      const display = { dir: displayCacheDir(), version: parserVersion() };
      const { report: r, rows: packed } = await parseSigned('x.docx', join(dir, 'x.docx'), display);
      const writer = new RebuiltRowsWriter(display.dir, display.version);
      await writer.add(r.sha256, packed!);
      await writer.flush();
      const rows = rebuiltRows(readDocument(bytes));
      expect(loadRebuiltRows(display.dir, display.version, r.sha256)).toEqual(rows);
      // Kept once: parsed again, the file's rows are not packed again, and a second write leaves the file as it was.
      expect((await parseSigned('x.docx', join(dir, 'x.docx'), display)).rows).toBeNull();
      await writer.add(r.sha256, new Uint8Array([1, 2, 3]));
      await writer.flush();
      expect(loadRebuiltRows(display.dir, display.version, r.sha256)).toEqual(rows);
      // Another reader version keeps its own rows: a changed reader never shows rows an older one rebuilt.
      expect(loadRebuiltRows(display.dir, `${display.version}+1`, r.sha256)).toBeNull();
      rmSync(join(dir, 'x.docx'));
      expect((await sourceLines('x.docx', r.sha256, dir)).lines).toEqual(rows);
      // Without the kept rows the file is read again: here it is gone, and the page says why.
      expect((await sourceLines('x.docx', null, dir)).lines[0]).toMatch(/ENOENT/);
      // A build drops the rows of other reader versions, and nothing else it finds there.
      mkdirSync(join(display.dir, '0.9.0'));
      mkdirSync(join(display.dir, 'notes'));
      pruneOtherVersions(display.dir, display.version);
      expect(readdirSync(display.dir).sort()).toEqual([display.version, 'notes'].sort());
    } finally {
      if (before === undefined) delete process.env.GONGKAI_TEXT_CACHE;
      else process.env.GONGKAI_TEXT_CACHE = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a macro-enabled document (.docm) is read for its text; the macros are never run or read', () => {
    const parts = unzipSync(seedDocx().bytes);
    parts['word/vbaProject.bin'] = new Uint8Array(4096).fill(0xcc);
    parts['[Content_Types].xml'] = strToU8(
      '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    );
    const r = parseReport('x.docm', zipSync(parts));
    expect([r.format, r.status]).toEqual(['docx', reference.status]);
    expect(r.cells).toEqual(reference.cells);
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

describe('legacy Word (.doc)', () => {
  // The DOCX above saved as Word 97 by LibreOffice: tables, a wide table whose row properties sit in the Data
  // stream (sprmPHugePapx), merged cells.
  const bytes = readFileSync(join(ROOT, 'test/fixtures/office/002_9a2759b661843b25.doc'));

  it('reads every paragraph and table row, rows told by their row-end marks', () => {
    const doc = readDocument(bytes);
    expect(doc.format).toBe('doc');
    const { splitCell } = seedDocx();
    const split = `${clean(splitCell.slice(0, 10))} ${clean(splitCell.slice(10))}`;
    // A merged cell is one cell in .doc (its span is not read yet): compare rows without trailing blanks.
    const trim = (cells: string[]) => {
      const out = [...cells];
      while (out.length > 1 && !out[out.length - 1]) out.pop();
      return out;
    };
    const want = expectedRows.map((cells) => trim(cells.map((c) => (c === clean(splitCell) ? split : c))));
    expect(doc.lines.map((l) => trim(l.cells))).toEqual(want);
    expect(doc.lines.filter((l) => l.cells.length > 1).every((l) => l.delimited && l.blanksReliable)).toBe(true);
  });

  it('parses to the same report as the text file', () => {
    const r = parseReport('x.doc', bytes);
    expect(r.format).toBe('doc');
    expect(r.cells).toEqual(reference.cells);
    expect(r.cell_states).toEqual(reference.cell_states);
    expect([r.status, r.agency, r.title, r.year]).toEqual([
      reference.status,
      reference.agency,
      reference.title,
      reference.year,
    ]);
  });
});

describe('WPS Writer (.wps) and legacy Excel (.xls)', () => {
  it('a Word-format file saved by WPS is read as Word and named wps', () => {
    const doc = CFB.read(readFileSync(join(ROOT, 'test/fixtures/office/002_9a2759b661843b25.doc')), { type: 'buffer' });
    // WPS writes its build number as a custom property (UTF-16) into the document summary.
    const summary = Buffer.concat([Buffer.alloc(64), Buffer.from('KSOProductBuildVer', 'utf16le'), Buffer.alloc(64)]);
    CFB.utils.cfb_add(doc, '\u0005DocumentSummaryInformation', summary);
    const r = parseReport('x.doc', Uint8Array.from(CFB.write(doc, { type: 'buffer' }) as Uint8Array));
    expect(r.format).toBe('wps');
    expect(r.cells).toEqual(reference.cells);
    expect(r.status).toBe(reference.status);
  });

  it('an Excel 97 (BIFF8) workbook parses to the same report as the text file, blanks kept in place', () => {
    // SheetJS writes BIFF8 text cells of at most 255 characters: long narrative paragraphs are shortened here.
    const rows = expectedRows.map((cells) => cells.map((c) => c.slice(0, 255)));
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, '年报');
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([]), '空表');
    const bytes = Uint8Array.from(XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    const doc = readDocument(bytes);
    expect(doc.format).toBe('xls');
    const trimEnd = (cells: string[]) => {
      const out = [...cells];
      while (out.length && !out[out.length - 1]) out.pop();
      return out;
    };
    expect(doc.lines.map((l) => l.cells)).toEqual(rows.map(trimEnd).filter((c) => c.length));
    const r = parseReport('x.xls', bytes);
    expect([r.format, r.status, r.title, r.year]).toEqual(['xls', reference.status, reference.title, reference.year]);
    expect(r.cells).toEqual(reference.cells);
    expect(r.cell_states).toEqual(reference.cell_states);
  });

  it('a workbook stream with no records is failed, named xls', () => {
    const c = CFB.utils.cfb_new();
    CFB.utils.cfb_add(c, 'Workbook', new Uint8Array(5000).fill(7));
    const r = parseReport('x.xls', Uint8Array.from(CFB.write(c, { type: 'buffer' }) as Uint8Array));
    expect(r.status).toBe('failed');
    expect(r.format).toBe('xls');
    expect(r.problems.length).toBeGreaterThan(0);
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
    const big = new Uint8Array(8 * 1024 * 1024).fill(0x20);
    const bomb = zipSync({ 'word/document.xml': big }, { level: 1 });
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    const central = Buffer.from(bomb).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    view.setUint32(central + 24, 1000, true);
    const t = performance.now();
    const r = parseReport('liar.docx', bomb);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/past its declared size/);
  });

  it('a damaged OLE (.doc/.wps/.xls) file is failed as such, not as a binary file', () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const r = parseReport('x.doc', ole);
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/corrupt OLE compound file/);
    expect(r.problems.join(' ')).not.toMatch(/binary/);
  });

  it('an OLE file that is neither Word nor Excel is failed with what it is', () => {
    const c = CFB.utils.cfb_new();
    CFB.utils.cfb_add(c, 'Contents', new Uint8Array(5000).fill(7));
    const r = parseReport('x.wps', Uint8Array.from(CFB.write(c, { type: 'buffer' }) as Uint8Array));
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/without a Word text stream or an Excel workbook/);
  });

  it('a ZIP that is neither Word nor Excel says what it is', () => {
    const r = parseReport('x.ofd', zipSync({ 'OFD.xml': strToU8('<ofd:OFD/>') }));
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/OFD document, not a Word/);
  });
});
