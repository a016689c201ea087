/**
 * Office documents → lines of cells, read like HTML tables: a table row is one line with every cell kept, a
 * blank cell stays blank and in its column. DOCX and XLSX are ZIP archives of XML (read with zip.ts and
 * htmlparser2 in XML mode). Legacy files are OLE compound files: Word (.doc, and WPS saved in its format) is
 * read by doc.ts; a legacy spreadsheet (.xls/.et) is refused with a reason until a reader for it is added.
 */
import { msg } from '../domain/messages.js';
import { UndecodableError } from './decode.js';
import type { Line } from './lines.js';
import { normalizeAll } from './normalize.js';
import { docToLines, oleKind, openOle, savedByWps } from './doc.js';
import { xlsToLines } from './xls.js';
import { parseXml } from './xml.js';
import { isZip, listZip, readZip } from './zip.js';

export type OfficeFormat = 'docx' | 'xlsx' | 'doc' | 'wps' | 'xls';

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
export const isOle = (b: Uint8Array): boolean => b.length >= 8 && OLE.every((x, i) => b[i] === x);
export { isZip };
/** A Word or Excel file, new (ZIP) or legacy (OLE): read by readOffice, not decoded as text. */
export const isOffice = (b: Uint8Array): boolean => isZip(b) || isOle(b);

const utf8 = new TextDecoder('utf-8');
/** XML parts are UTF-8 (or UTF-16 with a BOM, which TextDecoder('utf-8') would garble). */
const xmlText = (bytes: Uint8Array): string =>
  bytes[0] === 0xff && bytes[1] === 0xfe
    ? new TextDecoder('utf-16le').decode(bytes)
    : bytes[0] === 0xfe && bytes[1] === 0xff
      ? new TextDecoder('utf-16be').decode(bytes)
      : utf8.decode(bytes);

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * A line as read, its text not yet normalised: a paragraph outside tables (one text, split at its tabs once
 * normalised), or a row of cells. All of a part's texts are normalised at once at its end (normalizeAll).
 */
interface RawLine {
  cells: string[];
  line: number;
  paragraph: boolean;
}

function finishLines(raw: RawLine[]): Line[] {
  const texts = normalizeAll(raw.flatMap((l) => l.cells));
  const lines: Line[] = [];
  let at = 0;
  for (const l of raw) {
    const cells = texts.slice(at, (at += l.cells.length));
    if (!l.paragraph) {
      const row = cells.map(squeeze);
      if (row.some(Boolean)) lines.push({ cells: row, line: l.line, delimited: true, blanksReliable: true });
    } else if (cells[0].includes('\t')) {
      const split = cells[0].split('\t').map(squeeze);
      if (split.some(Boolean)) lines.push({ cells: split, line: l.line, delimited: true, blanksReliable: false });
    } else if (cells[0].trim())
      lines.push({ cells: [squeeze(cells[0])], line: l.line, delimited: false, blanksReliable: false });
  }
  return lines;
}

/** Not text of the document: mc:Fallback repeats mc:Choice; deleted and moved-away revisions; field codes. */
const SKIPPED = new Set(['Fallback', 'del', 'moveFrom', 'instrText']);

/**
 * word/document.xml → lines. A paragraph outside tables is a line (a tab in it separates cells, a line break
 * starts a new line); a table row `w:tr` is a line of its `w:tc` cells, the paragraphs of a cell joined with a
 * space. `w:gridSpan` N puts the text in the first of N columns and leaves N-1 blank; a continued `w:vMerge` is a
 * blank; `w:gridBefore`/`w:gridAfter` are blank columns. A table inside a cell is read as that cell's text.
 * `line` counts paragraphs, line breaks and rows in document order.
 */
export function docxToLines(xml: string): Line[] {
  const lines: RawLine[] = [];
  let counter = 0;
  let skip = 0; // inside mc:Fallback (a copy of mc:Choice), deleted text, field instructions
  let inText = false; // inside w:t
  let inTabs = false; // inside w:tabs (tab stops, not tabs)
  let para: string | null = null; // text of the paragraph outside tables
  let paraDepth = 0; // paragraphs in text boxes sit inside paragraphs
  let tableDepth = 0;
  let rowDepth = 0; // table depth of the row being read
  let row: string[] | null = null;
  let cell: string | null = null;
  let span = 1;
  let continued = false;
  let gridAfter = 0;

  const flushPara = () => {
    if (para === null) return;
    counter++;
    // Whitespace alone is dropped before normalising: normalising never turns whitespace into text or a tab.
    if (para.trim() || para.includes('\t')) lines.push({ cells: [para], line: counter, paragraph: true });
    para = '';
  };
  const add = (s: string) => {
    if (cell !== null) cell += s;
    else if (para !== null) para += s;
  };

  parseXml(xml, {
    open(name, attr) {
      if (SKIPPED.has(name)) skip++;
      if (skip) return;
      switch (name) {
        case 'tbl':
          if (!tableDepth) {
            flushPara();
            para = null;
          }
          tableDepth++;
          break;
        case 'tr':
          if (!row) {
            row = [];
            rowDepth = tableDepth;
            gridAfter = 0;
          }
          break;
        case 'gridBefore':
        case 'gridAfter':
          if (row && tableDepth === rowDepth && cell === null) {
            const n = Math.max(0, Math.min(64, Number(attr('val') ?? 0) || 0));
            if (name === 'gridBefore') for (let i = 0; i < n; i++) row.push('');
            else gridAfter = n;
          }
          break;
        case 'tc':
          if (row && tableDepth === rowDepth) {
            cell = '';
            span = 1;
            continued = false;
          } else add(' ');
          break;
        case 'gridSpan':
          if (cell !== null && tableDepth === rowDepth) span = Math.max(1, Math.min(64, Number(attr('val') ?? 1) || 1));
          break;
        case 'vMerge':
          // <w:vMerge/> or val="continue" continues the cell above; val="restart" starts a merge.
          if (cell !== null && tableDepth === rowDepth) continued = (attr('val') ?? 'continue') === 'continue';
          break;
        case 'p':
          paraDepth++;
          if (!tableDepth && para === null) para = '';
          break;
        case 't':
          inText = true;
          break;
        case 'tab':
          // w:tab inside w:tabs (paragraph properties) is a tab stop, not a tab.
          if (!inTabs) add(cell !== null ? ' ' : '\t');
          break;
        case 'tabs':
          inTabs = true;
          break;
        case 'br':
        case 'cr':
          if (cell !== null) add(' ');
          else if (!tableDepth) flushPara();
          break;
        case 'noBreakHyphen':
          add('-');
          break;
      }
    },
    text(data) {
      if (!skip && inText) add(data);
    },
    close(name) {
      if (SKIPPED.has(name)) {
        skip = Math.max(0, skip - 1);
        return;
      }
      if (skip) return;
      switch (name) {
        case 't':
          inText = false;
          break;
        case 'tabs':
          inTabs = false;
          break;
        case 'p':
          paraDepth = Math.max(0, paraDepth - 1);
          if (cell !== null) add(' ');
          else if (!tableDepth) {
            flushPara();
            if (!paraDepth) para = null;
          }
          break;
        case 'tc':
          if (row && cell !== null && tableDepth === rowDepth) {
            row.push(continued ? '' : cell);
            for (let i = 1; i < span; i++) row.push('');
            cell = null;
          }
          break;
        case 'tr':
          if (row && tableDepth === rowDepth) {
            for (let i = 0; i < gridAfter; i++) row.push('');
            counter++;
            lines.push({ cells: row, line: counter, paragraph: false });
            row = null;
          }
          break;
        case 'tbl':
          tableDepth = Math.max(0, tableDepth - 1);
          break;
      }
    },
  });
  flushPara();
  return finishLines(lines);
}

/** "C7" → 2 (zero-based column). */
const columnOf = (ref: string): number | null => {
  const m = /^([A-Z]{1,3})\d*$/i.exec(ref);
  if (!m) return null;
  let n = 0;
  for (const ch of m[1].toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
};

/** A number as Excel stores it ("0.30000000000000004", "1E-3") → as a person typed it. */
const numberText = (v: string): string => {
  const n = Number(v);
  return v.trim() && Number.isFinite(n) ? String(Number(n.toPrecision(15))) : v;
};

/** xl/sharedStrings.xml → strings by index; rich text runs joined, phonetic runs (rPh) left out. */
export function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let s: string | null = null;
  let inT = false;
  let phonetic = 0;
  parseXml(xml, {
    open(name) {
      if (name === 'si') s = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't') inT = true;
    },
    text(data) {
      if (inT && !phonetic && s !== null) s += data;
    },
    close(name) {
      if (name === 'si') {
        out.push(s ?? '');
        s = null;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inT = false;
    },
  });
  return out;
}

/**
 * A worksheet → lines, one per `row`. A cell goes to the column its reference names (C7 → third), so cells
 * between are blank; a row runs to its last written `c`, which for a bordered table is the table's last
 * column. Shared strings, inline strings, numbers, booleans and errors are read; a formula gives its cached
 * value. `firstLine` continues the running count across sheets.
 */
export function sheetToLines(xml: string, strings: string[], firstLine: number): { lines: Line[]; next: number } {
  const lines: RawLine[] = [];
  let counter = firstLine;
  let row: string[] | null = null;
  let col = 0;
  let type = '';
  let value: string | null = null;
  let inV = false;
  let inT = false;
  let phonetic = 0;
  parseXml(xml, {
    open(name, attr) {
      if (name === 'row') {
        row = [];
        col = 0;
      } else if (name === 'c' && row) {
        const r = attr('r');
        const ref = r ? columnOf(r) : null;
        if (ref !== null && ref >= col && ref < 16384) col = ref;
        type = attr('t') ?? 'n';
        value = null;
      } else if (name === 'v') {
        inV = true;
        value = '';
      } else if (name === 'is') value = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't') inT = true;
    },
    text(data) {
      if (value === null) return;
      if (inV || (inT && !phonetic)) value += data;
    },
    close(name) {
      if (name === 'v') inV = false;
      else if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && row) {
        let text = '';
        if (value !== null) {
          if (type === 's') text = strings[Number(value)] ?? '';
          else if (type === 'b') text = value === '1' ? 'TRUE' : 'FALSE';
          else if (type === 'n') text = numberText(value);
          else text = value; // str, inlineStr, e, d
        }
        while (row.length < col) row.push('');
        row[col] = text;
        col++;
        value = null;
      } else if (name === 'row' && row) {
        counter++;
        lines.push({ cells: row, line: counter, paragraph: false });
        row = null;
      }
    },
  });
  return { lines: finishLines(lines), next: counter };
}

/** The sheets of a workbook in the order of its tabs, as paths inside the archive. */
function sheetPaths(workbook: string, rels: string): string[] {
  const targets = new Map<string, string>();
  parseXml(rels, {
    open(name, attr) {
      const id = attr('Id');
      const target = attr('Target');
      if (name === 'Relationship' && id && target && /worksheet$/.test(attr('Type') ?? '')) targets.set(id, target);
    },
    text() {},
    close() {},
  });
  const paths: string[] = [];
  parseXml(workbook, {
    open(name, attr) {
      if (name !== 'sheet') return;
      const target = targets.get(attr('id') ?? '');
      if (!target) return;
      paths.push(target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/'));
    },
    text() {},
    close() {},
  });
  return paths;
}

export interface OfficeDocument {
  lines: Line[];
  format: OfficeFormat;
}

/** Throws UndecodableError for an archive that is damaged, too large inside, or not a Word or Excel file. */
export function readOffice(bytes: Uint8Array): OfficeDocument {
  if (isOle(bytes)) {
    const container = openOle(bytes);
    const kind = oleKind(container);
    if (kind === 'doc') return { lines: docToLines(container), format: savedByWps(container) ? 'wps' : 'doc' };
    if (kind === 'xls') return { lines: xlsToLines(bytes), format: 'xls' };
    throw new UndecodableError(msg('ole.not_office'));
  }
  const entries = listZip(bytes);
  const names = new Set(entries.map((e) => e.name));
  if (names.has('word/document.xml')) {
    const parts = readZip(bytes, entries, (n) => n === 'word/document.xml');
    return { lines: docxToLines(xmlText(parts.get('word/document.xml')!)), format: 'docx' };
  }
  if (names.has('xl/workbook.xml')) {
    const meta = readZip(bytes, entries, (n) => n === 'xl/workbook.xml' || n === 'xl/_rels/workbook.xml.rels');
    const rels = meta.get('xl/_rels/workbook.xml.rels');
    let paths = rels ? sheetPaths(xmlText(meta.get('xl/workbook.xml')!), xmlText(rels)) : [];
    if (!paths.length)
      paths = [...names]
        .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    paths = paths.filter((p) => names.has(p));
    const parts = readZip(bytes, entries, (n) => n === 'xl/sharedStrings.xml' || paths.includes(n));
    const strings = parts.has('xl/sharedStrings.xml') ? sharedStrings(xmlText(parts.get('xl/sharedStrings.xml')!)) : [];
    const lines: Line[] = [];
    let next = 0;
    for (const p of paths) {
      const sheet = sheetToLines(xmlText(parts.get(p)!), strings, next);
      lines.push(...sheet.lines);
      next = sheet.next;
    }
    return { lines, format: 'xlsx' };
  }
  const kind = names.has('content.xml')
    ? 'an OpenDocument file'
    : names.has('OFD.xml')
      ? 'an OFD document'
      : names.has('ppt/presentation.xml')
        ? 'a PowerPoint file'
        : 'an archive';
  throw new UndecodableError(msg('zip.not_office', { kind }));
}
