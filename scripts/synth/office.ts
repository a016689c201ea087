/**
 * A synthetic report as a Word document or a workbook: paragraphs and tables as agencies' exports write them
 * (a table header cell spanning its row with w:gridSpan, text cut into several runs, blank cells left empty),
 * so the office readers are checked on thousands of reports whose every number is known.
 */
import { strToU8, zipSync } from 'fflate';
import { escapeHtml as esc } from '../../src/domain/format.js';
import type { Block } from './render.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
// A fixed time in the archive, so the same seed gives the same bytes.
const ZIP = { mtime: new Date(Date.UTC(2020, 0, 1)) };
const SHEET = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

// Word splits text into runs wherever formatting or editing history changes; readers must join them.
const runs = (text: string) =>
  (text.match(/[\s\S]{1,4}/g) ?? []).map((t) => `<w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r>`).join('');
const para = (text: string) => `<w:p>${runs(text)}</w:p>`;

function docxRow(cells: string[]): string {
  // A header cell with only blanks after it is one cell spanning the row (第二十条第（一）项).
  if (cells.length > 1 && cells[0] && cells.slice(1).every((c) => !c))
    return `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="${cells.length}"/></w:tcPr>${para(cells[0])}</w:tc></w:tr>`;
  return `<w:tr>${cells.map((c) => `<w:tc>${para(c)}</w:tc>`).join('')}</w:tr>`;
}

export function docxOf(blocks: Block[]): Uint8Array {
  const body = blocks.map((b) =>
    b.kind === 'text' ? b.text.split('\n').map(para).join('') : `<w:tbl>${b.rows.map(docxRow).join('')}</w:tbl>`,
  );
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${body.join('\n')}<w:sectPr/></w:body></w:document>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'word/document.xml': strToU8(xml),
    },
    ZIP,
  );
}

const column = (i: number): string =>
  (i >= 26 ? column(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

/** One sheet: a row per line of text or table row, numbers as numbers, text as shared strings, blanks unwritten. */
export function xlsxOf(blocks: Block[]): Uint8Array {
  const lines = blocks.flatMap((b) => (b.kind === 'text' ? b.text.split('\n').map((t) => [t]) : b.rows));
  const strings: string[] = [];
  const index = new Map<string, number>();
  const rows = lines.map((cells, r) => {
    const written = cells.map((text, c) => {
      const ref = `${column(c)}${r + 1}`;
      if (!text) return '';
      if (/^-?\d+(\.\d+)?$/.test(text)) return `<c r="${ref}"><v>${text}</v></c>`;
      if (!index.has(text)) index.set(text, strings.push(text) - 1);
      return `<c r="${ref}" t="s"><v>${index.get(text)}</v></c>`;
    });
    return `<row r="${r + 1}">${written.join('')}</row>`;
  });
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${SHEET}><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const shared = `<sst ${SHEET}>${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`;
  const workbook = `<workbook ${SHEET} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="报告" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/workbook.xml': strToU8(workbook),
      'xl/_rels/workbook.xml.rels': strToU8(rels),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
      'xl/sharedStrings.xml': strToU8(shared),
    },
    ZIP,
  );
}
