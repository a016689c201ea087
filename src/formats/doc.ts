/**
 * Legacy Word (.doc, and WPS files saved in its format) → lines of cells, synchronously. The OLE compound file is
 * opened with `cfb`; the text is the main document's characters read through the piece table (the CLX in the
 * table stream), as [MS-DOC] describes. In that text a paragraph ends with \r, a table cell with \x07, and a table
 * row with one more \x07 paragraph whose properties carry sprmPFTtp: that mark is looked up in the paragraph
 * properties (the PAPX FKPs), so an empty cell (a lone \x07) is never taken for the end of a row. Fields keep
 * their result and lose their code; pictures and other anchors are dropped.
 */
import * as CFB from 'cfb';
import { msg, type Message } from '../domain/messages.js';
import { UndecodableError } from './decode.js';
import type { Line } from './lines.js';
import { normalize } from './normalize.js';

export type LegacyFormat = 'doc' | 'xls' | 'ole';

const fail = (why: Message) => new UndecodableError(why);

/** What an OLE file holds, by its streams. */
export function oleKind(container: CFB.CFB$Container): LegacyFormat {
  const names = new Set(container.FullPaths.map((p) => p.replace(/^[^/]*\//, '').replace(/\/$/, '')));
  if (names.has('WordDocument')) return 'doc';
  if (names.has('Workbook') || names.has('Book')) return 'xls';
  return 'ole';
}

const stream = (container: CFB.CFB$Container, name: string): Uint8Array | null => {
  const e = CFB.find(container, name);
  if (!e || !e.content) return null;
  const c = e.content as Uint8Array | number[];
  return c instanceof Uint8Array ? c : Uint8Array.from(c);
};

const KINGSOFT = ['KSOProductBuildVer', 'WPS Office', 'Kingsoft'];

/** Saved by Kingsoft WPS: its build number or name in the summary property sets, as ASCII or UTF-16. */
export function savedByWps(container: CFB.CFB$Container): boolean {
  for (const name of ['\u0005DocumentSummaryInformation', '\u0005SummaryInformation']) {
    const s = stream(container, name);
    if (!s) continue;
    const b = Buffer.from(s.buffer, s.byteOffset, s.byteLength);
    if (KINGSOFT.some((k) => b.includes(k) || b.includes(Buffer.from(k, 'utf16le')))) return true;
  }
  return false;
}

export function openOle(bytes: Uint8Array): CFB.CFB$Container {
  try {
    return CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' });
  } catch (e) {
    throw fail(msg('ole.corrupt', { detail: (e as Error).message }));
  }
}

interface Marks {
  /** Paragraph-end offsets (just past the mark) of paragraphs in a table (sprmPFInTable). */
  inTable: Set<number>;
  /** … and of table row ends (sprmPFTtp or sprmPFInnerTtp). */
  rowEnd: Set<number>;
}

/** Operand size of a sprm at `at` (just past its 2-byte code), from its spra bits ([MS-DOC] 2.2.5.1). */
function operandSize(sprm: number, b: Uint8Array, v: DataView, at: number): number {
  const spra = sprm >> 13;
  if (spra === 0 || spra === 1) return 1;
  if (spra === 2 || spra === 4 || spra === 5) return 2;
  if (spra === 3) return 4;
  if (spra === 7) return 3;
  // Variable: a length byte first, except sprmTDefTable and sprmTDefTable10 whose length is two bytes.
  if (sprm === 0xd608 || sprm === 0xd606) return at + 2 <= b.length ? v.getUint16(at, true) + 1 : b.length;
  return (b[at] ?? 0) + 1;
}

/**
 * Paragraph properties from the PAPX FKPs: which paragraphs sit in tables and which end rows. A row end whose
 * properties are too large for its FKP (wide tables) keeps them in the Data stream behind sprmPHugePapx.
 */
function paragraphMarks(
  word: Uint8Array,
  table: Uint8Array,
  data: Uint8Array | null,
  fcPlcf: number,
  lcbPlcf: number,
): Marks {
  const marks: Marks = { inTable: new Set(), rowEnd: new Set() };
  if (!lcbPlcf || fcPlcf + lcbPlcf > table.length) return marks;
  const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const wv = new DataView(word.buffer, word.byteOffset, word.byteLength);
  const dv = data ? new DataView(data.buffer, data.byteOffset, data.byteLength) : null;
  const scan = (b: Uint8Array, v: DataView, at: number, stop: number, end: number, huge: boolean) => {
    while (at + 2 <= stop) {
      const sprm = v.getUint16(at, true);
      at += 2;
      if (at >= stop) break;
      if ((sprm === 0x2417 || sprm === 0x244c) && b[at] === 1) marks.rowEnd.add(end);
      if ((sprm === 0x2416 || sprm === 0x6649) && b[at] >= 1) marks.inTable.add(end);
      if (sprm === 0x6646 && !huge && data && dv && at + 4 <= stop) {
        const offset = v.getUint32(at, true);
        if (offset + 2 <= data.length) {
          const from = offset + 2;
          scan(data, dv, from, Math.min(data.length, from + dv.getUint16(offset, true)), end, true);
        }
      }
      at += operandSize(sprm, b, v, at);
    }
  };
  const n = (lcbPlcf - 4) / 8;
  for (let i = 0; i < n; i++) {
    const pn = tv.getUint32(fcPlcf + (n + 1) * 4 + i * 4, true) & 0x3fffff;
    const page = pn * 512;
    if (page + 512 > word.length) continue;
    const crun = word[page + 511];
    for (let r = 0; r < crun && (crun + 1) * 4 + r * 13 < 511; r++) {
      const end = wv.getUint32(page + (r + 1) * 4, true); // the paragraph ends just before this offset
      const off = word[page + (crun + 1) * 4 + r * 13] * 2;
      if (!off) continue;
      let at = page + off;
      let cb = word[at++];
      cb = cb === 0 ? word[at++] * 2 : cb * 2 - 1;
      scan(word, wv, at + 2, Math.min(at + cb, page + 511), end, false); // + 2: the style (istd)
    }
  }
  return marks;
}

/** The main document text with, for each character, its offset in the WordDocument stream. */
function documentText(container: CFB.CFB$Container): { text: string; fcs: number[]; marks: Marks } {
  const word = stream(container, 'WordDocument');
  if (!word || word.length < 0x1aa) throw fail(msg('doc.no_word_stream'));
  const wv = new DataView(word.buffer, word.byteOffset, word.byteLength);
  const ident = wv.getUint16(0, true);
  if (ident !== 0xa5ec) throw fail(msg('doc.pre_word97'));
  const flags = wv.getUint16(0x0a, true);
  if (flags & 0x0100) throw fail(msg('doc.encrypted'));
  const table = stream(container, flags & 0x0200 ? '1Table' : '0Table');
  if (!table) throw fail(msg('doc.no_table_stream'));
  const ccpText = wv.getUint32(0x4c, true);
  const fcClx = wv.getUint32(0x1a2, true);
  const lcbClx = wv.getUint32(0x1a6, true);
  const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  let at = fcClx;
  const clxEnd = Math.min(table.length, fcClx + lcbClx);
  while (at + 3 <= clxEnd && table[at] === 0x01) at += 3 + tv.getUint16(at + 1, true);
  if (at + 5 > clxEnd || table[at] !== 0x02) throw fail(msg('doc.no_piece_table'));
  const lcb = tv.getUint32(at + 1, true);
  const plc = at + 5;
  const n = (lcb - 4) / 12;
  if (!Number.isInteger(n) || plc + lcb > table.length) throw fail(msg('doc.damaged_piece_table'));
  const cp1252 = new TextDecoder('windows-1252');
  const utf16 = new TextDecoder('utf-16le');
  let text = '';
  const fcs: number[] = [];
  for (let i = 0; i < n && text.length < ccpText; i++) {
    const cpStart = tv.getUint32(plc + i * 4, true);
    const cpEnd = Math.min(tv.getUint32(plc + (i + 1) * 4, true), ccpText);
    if (cpEnd <= cpStart) continue;
    const raw = tv.getUint32(plc + (n + 1) * 4 + i * 8 + 2, true);
    const compressed = (raw & 0x40000000) !== 0;
    const fc = compressed ? (raw & 0x3fffffff) / 2 : raw;
    const count = cpEnd - cpStart;
    const width = compressed ? 1 : 2;
    if (fc + count * width > word.length) throw fail(msg('doc.text_past_stream'));
    const bytes = word.subarray(fc, fc + count * width);
    text += compressed ? cp1252.decode(bytes) : utf16.decode(bytes);
    for (let k = 0; k < count; k++) fcs.push(fc + k * width + width); // a paragraph "ends before" the next byte
  }
  const data = stream(container, 'Data');
  const marks = paragraphMarks(word, table, data, wv.getUint32(0x102, true), wv.getUint32(0x106, true));
  return { text, fcs, marks };
}

/** Field codes (between \x13 and \x14) dropped, results kept; anchors and special marks dropped. */
function cleanRun(s: string, tabs = ' '): string {
  let out = '';
  let depth = 0;
  const codeAt: boolean[] = [];
  for (const ch of s) {
    if (ch === '\x13') {
      depth++;
      codeAt[depth] = true;
    } else if (ch === '\x14') codeAt[depth] = false;
    else if (ch === '\x15') depth = Math.max(0, depth - 1);
    else if (depth && codeAt[depth]) continue;
    else if (ch === '\x1e') out += '-';
    else if (ch === '\t') out += tabs;
    else if (ch.charCodeAt(0) >= 0x20 || ch === '\n') out += ch;
  }
  return out;
}

/**
 * A legacy Word document → lines: a paragraph outside tables is a line (a tab in it separates cells), a table
 * row is a line of its cells, a cell's paragraphs joined with a space. `line` counts paragraphs and rows.
 */
export function docToLines(container: CFB.CFB$Container): Line[] {
  let read: ReturnType<typeof documentText>;
  try {
    read = documentText(container);
  } catch (e) {
    if (e instanceof UndecodableError) throw e;
    throw fail(msg('doc.corrupt', { detail: (e as Error).message }));
  }
  const { text, fcs, marks } = read;
  const lines: Line[] = [];
  let counter = 0;
  let para = '';
  let cell = '';
  let row: string[] = [];
  const clean = (s: string) => normalize(cleanRun(s)).replace(/\s+/g, ' ').trim();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\x07') {
      if (marks.rowEnd.has(fcs[i])) {
        counter++;
        if (row.some(Boolean)) lines.push({ cells: row, line: counter, delimited: true, blanksReliable: true });
        row = [];
      } else row.push(clean(cell + para));
      cell = '';
      para = '';
    } else if (ch === '\r' || ch === '\x0b' || ch === '\x0c') {
      // A paragraph in a table cell joins its cell; a line break (\x0b) in a cell is a space too.
      if (ch === '\r' ? marks.inTable.has(fcs[i]) : nextMarkInTable(text, fcs, marks, i)) {
        cell += para + ' ';
        para = '';
        continue;
      }
      counter++;
      const t = normalize(cleanRun(para, '\t'));
      if (t.includes('\t')) {
        const cells = t.split('\t').map((c) => c.replace(/\s+/g, ' ').trim());
        if (cells.some(Boolean)) lines.push({ cells, line: counter, delimited: true, blanksReliable: false });
      } else if (t.trim())
        lines.push({ cells: [t.replace(/\s+/g, ' ').trim()], line: counter, delimited: false, blanksReliable: false });
      para = '';
    } else para += ch;
  }
  return lines;
}

/** A line break belongs to a table cell when the paragraph it sits in ends in a table. */
function nextMarkInTable(text: string, fcs: number[], marks: Marks, i: number): boolean {
  for (let k = i + 1; k < text.length; k++) {
    if (text[k] === '\x07') return true;
    if (text[k] === '\r') return marks.inTable.has(fcs[k]);
  }
  return false;
}
