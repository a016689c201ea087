/**
 * Lines of cells → a flat stream of tokens: numbers, text and blanks, each with its source line.
 *
 * Layout is deliberately forgotten here: the table readers work on the order of tokens and on label text,
 * which survives every layout seen so far (tabs, one cell per line, space-aligned PDF text, cells run
 * together with no separator at all).
 */
import type { Line } from '../formats/lines.js';
import { compact } from '../formats/normalize.js';

export type TokenKind = 'num' | 'text' | 'blank';

export interface Token {
  kind: TokenKind;
  /** Text as written (numbers without thousands separators). */
  text: string;
  line: number;
  /** A number written flush against label text, with no separator: a sign of cells run together. */
  glued: boolean;
  /** A number followed by a unit such as 年 or 件: part of a sentence, not a table cell. */
  prose: boolean;
  /** Blank written as a mark ("/", "-", "无") rather than left empty. */
  marked: boolean;
  /** The blank is an empty cell of an HTML table: a real cell wherever it stands in the row. */
  reliable: boolean;
}

const NUMBER = /-?\d+(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?/g;
const NOT_APPLICABLE = /^(?:[/\\\-—–_－―~～]+|无|空)$/;
const PROSE_UNIT = /^\s*(?:年|月|日|号|件|条|个|次|期|场|篇|人|家|余|多|%|万元|亿)/;
const WHITESPACE = /\s+/;
const ANY_WHITESPACE = /\s/;
const ENUMERATOR_AFTER = /^[.、．](?!\d)/;
/** How much text after a number the tests above look at: a bounded look keeps a long line linear. */
const LOOKAHEAD = 4;

function pushText(s: string, line: number, out: Token[]): void {
  if (s) out.push({ kind: 'text', text: s, line, glued: false, prose: false, marked: false, reliable: false });
}

const ALL_DIGITS = /^\d+$/;
const ENDS_UNIT = /^[元%]/;

function pieceTokens(piece: string, line: number, rest: string, out: Token[]): void {
  let last = 0;
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(piece); m !== null; m = NUMBER.exec(piece)) {
    const start = m.index;
    let num = m[0];
    const after = piece.slice(start + num.length, start + num.length + LOOKAHEAD);
    const before = piece.slice(last, start);
    // "2.其他法律…" or "00000002.其他": the digit before a list mark belongs to the next label.
    if (ENUMERATOR_AFTER.test(after) && ALL_DIGITS.test(num)) {
      pushText(before, line, out);
      if (num.length > 1) {
        const head = num.slice(0, -1);
        out.push({ kind: 'num', text: head, line, glued: true, prose: false, marked: false, reliable: false });
      }
      last = start + num.length - 1;
      continue;
    }
    pushText(before, line, out);
    const follow = after || rest;
    const glued = before.length > 0 || (after.length > 0 && !ENDS_UNIT.test(after));
    if (num.includes(',')) num = num.replace(/,/g, '');
    out.push({ kind: 'num', text: num, line, glued, prose: PROSE_UNIT.test(follow), marked: false, reliable: false });
    last = start + m[0].length;
  }
  pushText(piece.slice(last), line, out);
}

export function tokenize(lines: Line[]): Token[] {
  const out: Token[] = [];
  for (const l of lines) {
    if (l.emptyCell) {
      out.push({ kind: 'blank', text: '|', line: l.line, glued: false, prose: false, marked: true, reliable: false });
      continue;
    }
    const cells = l.cells.map((c) => c.trim());
    let end = cells.length;
    if (!l.blanksReliable) while (end > 0 && !cells[end - 1]) end--;
    for (let i = 0; i < end; i++) {
      const cell = cells[i];
      if (!cell) {
        if (l.delimited)
          out.push({
            kind: 'blank',
            text: '',
            line: l.line,
            glued: false,
            prose: false,
            marked: false,
            reliable: l.blanksReliable,
          });
        continue;
      }
      if (NOT_APPLICABLE.test(cell)) {
        out.push({
          kind: 'blank',
          text: cell,
          line: l.line,
          glued: false,
          prose: false,
          marked: true,
          reliable: false,
        });
        continue;
      }
      // Most cells are one piece: tested first, they are not split into a new array.
      const pieces = ANY_WHITESPACE.test(cell) ? cell.split(WHITESPACE) : [cell];
      for (let j = 0; j < pieces.length; j++) {
        const p = pieces[j];
        if (NOT_APPLICABLE.test(p) && !l.delimited)
          out.push({ kind: 'blank', text: p, line: l.line, glued: false, prose: false, marked: true, reliable: false });
        // Only the start of what follows is looked at (a unit such as 件), so the next piece stands for the rest.
        else pieceTokens(p, l.line, pieces[j + 1] ?? '', out);
      }
    }
  }
  return out;
}

/**
 * The text tokens joined without whitespace, for finding labels that a layout broke apart ("社会公益 组织",
 * one character per line). `tokenAt[i]` is the token that character i of `text` came from.
 */
export interface TextIndex {
  text: string;
  tokenAt: Int32Array;
}

/** Indexes already built per token stream: the sections, the template test and the tables ask for the same spans. */
const INDEXES = new WeakMap<Token[], Map<string, TextIndex>>();

/** The index of tokens [from, to); the same object for the same stream and span (treat it as read-only). */
export function indexText(tokens: Token[], from = 0, to = tokens.length): TextIndex {
  let byStream = INDEXES.get(tokens);
  if (!byStream) INDEXES.set(tokens, (byStream = new Map()));
  const id = `${from}:${to}`;
  let index = byStream.get(id);
  if (!index) byStream.set(id, (index = buildIndex(tokens, from, to)));
  return index;
}

// A typed array sized once: a number array grown a character at a time was the parser's fourth-largest allocation.
function buildIndex(tokens: Token[], from: number, to: number): TextIndex {
  const texts: string[] = [];
  const at: number[] = [];
  let length = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind !== 'text') continue;
    const c = compact(t.text);
    if (!c) continue;
    texts.push(c);
    at.push(i);
    length += c.length;
  }
  const tokenAt = new Int32Array(length);
  for (let j = 0, offset = 0; j < texts.length; offset += texts[j].length, j++)
    tokenAt.fill(at[j], offset, offset + texts[j].length);
  return { text: texts.join(''), tokenAt };
}

export interface Match {
  /** Token where the match starts and the token where it ends (inclusive). */
  first: number;
  last: number;
  /** Offsets in the index text. */
  start: number;
  end: number;
}

/** The global twin of each pattern searched for: built once, not on every search of every report. */
const GLOBAL = new WeakMap<RegExp, RegExp>();

export function search(index: TextIndex, pattern: RegExp, fromOffset = 0): Match | null {
  let re = GLOBAL.get(pattern);
  if (!re) {
    re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
    GLOBAL.set(pattern, re);
  }
  re.lastIndex = fromOffset;
  const m = re.exec(index.text);
  if (!m || m[0].length === 0) return null;
  return {
    first: index.tokenAt[m.index],
    last: index.tokenAt[m.index + m[0].length - 1],
    start: m.index,
    end: m.index + m[0].length,
  };
}
